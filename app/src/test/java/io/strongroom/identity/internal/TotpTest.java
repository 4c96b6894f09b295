package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.LuminanceSource;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** A6: authenticator codes are RFC 6238's, accepted one step either side only; the QR code reads back as the URI. */
@Tag("A6")
class TotpTest {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theRfc6238TestVectorsForSha1TruncatedToSixDigits() {
        // RFC 6238, appendix B (SHA-1): the 8-digit values' last six digits
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111111)))).isEqualTo("050471");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1234567890)))).isEqualTo("005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
        assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(20000000000L)))).isEqualTo("353130");
    }

    @Test
    void aCodeIsAcceptedForItsStepAndOneEitherSideOnly() {
        Instant now = Instant.ofEpochSecond(1_700_000_000);
        long step = Totp.step(now);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step), now)).hasValue(step);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now)).hasValue(step - 1);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now)).hasValue(step + 1);
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now)).isEmpty();
        assertThat(Totp.verify(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), now)).isEmpty();
        for (String bad : new String[] {null, "", "12345", "1234567", "12a456", " 123456", "１２３４５６"}) {
            assertThat(Totp.verify(RFC_SECRET, bad, now)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void theUriNamesTheAccountAndTheQrCodeReadsBackAsIt() throws Exception {
        byte[] secret = Totp.newSecret();
        assertThat(secret).hasSize(20);
        String uri = Totp.uri("Strongroom acme", "ada@example.org", secret);
        assertThat(uri).startsWith("otpauth://totp/Strongroom%20acme:ada%40example.org?secret=" + Totp.base32(secret))
                .contains("&issuer=Strongroom%20acme", "&algorithm=SHA1", "&digits=6", "&period=30");
        assertThat(Totp.fromBase32(Totp.base32(secret))).isEqualTo(secret);

        BitMatrix matrix = QrCodes.matrix(uri);
        int scale = 4;
        int width = matrix.getWidth() * scale;
        int height = matrix.getHeight() * scale;
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = matrix.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
            }
        }
        LuminanceSource source = new RGBLuminanceSource(width, height, pixels);
        assertThat(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText()).isEqualTo(uri);
        assertThat(QrCodes.dataUri(uri)).startsWith("data:image/svg+xml;base64,");
    }
}

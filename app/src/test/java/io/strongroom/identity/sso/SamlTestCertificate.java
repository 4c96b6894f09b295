package io.strongroom.identity.sso;

/**
 * A SAML identity provider's signing certificate (self-signed, its key thrown away), for tests that
 * only configure a connection and never verify a signature with it.
 */
public final class SamlTestCertificate {

    public static final String PEM = """
            -----BEGIN CERTIFICATE-----
            MIIC2TCCAcOgAwIBAgIQT1IccuWuSIgAPULq14xi+zALBgkqhkiG9w0BAQswEzER
            MA8GA1UEAwwIVGVzdCBJZFAwKhgTMjAyNjEyMDQwODQ4NDAuOTE5WhgTMjEyNjEx
            MTAwODQ4NDAuOTE5WjATMREwDwYDVQQDDAhUZXN0IElkUDCCASIwDQYJKoZIhvcN
            AQEBBQADggEPADCCAQoCggEBAJGbZWcLmpfTiGXSaUzOhdHrDQVhu3FC5wZmp6bN
            gYbMORfnkaIFNuBavx93/WT4aX2gSfAXIPmigftc/+u9cDyONxWNf0qn7PAndaMY
            Yg4baxv8+8UffSeJAIMUNrNjc1r1p3CdegpayXIdmhHrI7UCL91b9INPcJ3HI7dt
            QsZvW0VhM/d7MvZutup+adV99otsf9Sn3+DV1PiewMpH8Gd2MSQP0qAQDP1m7EVq
            AJFmNs/zBZLLBn4C5WcktFJO72xGdHi+CtIeC7pzHeRxuvbSHjo4P664IJ6Qgw4L
            Xll82k/6/5H6D2UVi7AvXRnDeO/XKpgoKPljbcEe0szn5rECAwEAAaMhMB8wHQYD
            VR0OBBYEFEboPaPPIL/Rrc3EHdHDORgiWY4IMAsGCSqGSIb3DQEBCwOCAQEAAZXc
            FIBlDL+DsmzOJxyzwnrB3bvFG/MMea4NqATsfDqV92mMGYrwv3z/B9DThDJb/h2u
            dUfud9/aYKQYvxR8eS/6Mc+E6z/uzzc3bjfA55d0Kw9VwM+KWQ61Qfwz0hnPur/V
            15tMcgK2A9flGzcZQ5lB5G0LBT3frwhOOrfTm7uq3k91aFQo+QN5yWmfuiteef+f
            V9R2qlbUGM+x+Rs2iMKE/9fu3R2E6cHyJLy1HBYsSwv8jNHm8LAlUANS4llPGAT/
            6/cFFphwbDy9q3ASoAEWbWmb1wV9v0dx1M/rQ6mFm1tUKqy3BRkdGNKdcL+KtUmr
            Nd/yNBk58ZLxU8UANQ==
            -----END CERTIFICATE-----
            """;

    private SamlTestCertificate() {
    }
}

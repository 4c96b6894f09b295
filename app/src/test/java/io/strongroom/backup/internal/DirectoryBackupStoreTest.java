package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory backup store (B2): an archive appears under its key only when committed, an
 * abandoned or crashed upload leaves nothing behind, only the store's own key shape is accepted
 * (nothing outside the directory can be named), and files are the owner's alone.
 */
@Tag("B2")
class DirectoryBackupStoreTest {

    @TempDir
    Path root;

    private static String key() {
        return UUID.randomUUID() + "/" + UUID.randomUUID() + ".srbackup";
    }

    @Test
    void anArchiveAppearsOnlyWhenCommittedAndIsTheOwnersAlone() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(root);
        String key = key();
        try (BackupStore.Upload upload = store.create(key)) {
            upload.stream().write(new byte[] {1, 2, 3});
            upload.stream().close();
            assertThatThrownBy(() -> store.open(key)).as("not before the commit").isInstanceOf(NoSuchFileException.class);
            upload.commit();
        }
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(key)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(key).getParent())))
                .isEqualTo("rwx------");
        store.delete(key);
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void anAbandonedOrCrashedUploadLeavesNothing() throws IOException {
        DirectoryBackupStore store = new DirectoryBackupStore(root);
        String abandoned = key();
        try (BackupStore.Upload upload = store.create(abandoned)) {
            upload.stream().write(new byte[100]);
        }
        assertThat(files()).isEmpty();

        String crashed = key(); // a process killed while writing: the partial file stays until the next start
        store.create(crashed).stream().write(new byte[100]);
        assertThat(files()).hasSize(1).allMatch(p -> p.toString().endsWith(".partial"));
        // an export being written meanwhile (another worker): the backup worker's clean-up leaves it alone
        String exporting = UUID.randomUUID() + "/" + UUID.randomUUID() + ".srexport";
        BackupStore.Upload export = store.create(exporting);
        export.stream().write(new byte[100]);
        store.removeUnfinished(".srbackup");
        assertThat(files()).hasSize(1).allMatch(p -> p.toString().endsWith(".srexport.partial"));
        assertThatThrownBy(() -> store.open(crashed)).isInstanceOf(NoSuchFileException.class);
        export.commit();
        assertThat(store.open(exporting).readAllBytes()).hasSize(100);
        store.removeUnfinished(".srexport");
        assertThat(files()).hasSize(1);
    }

    @Test
    void onlyTheStoresOwnKeysAreAccepted() {
        DirectoryBackupStore store = new DirectoryBackupStore(root);
        for (String bad : new String[] {"../etc/passwd", UUID.randomUUID() + "/../../x.srbackup", "/tmp/x.srbackup",
                UUID.randomUUID() + "/" + UUID.randomUUID() + ".srbackup.partial", "", null}) {
            assertThatThrownBy(() -> store.open(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.create(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private java.util.List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}

package io.strongroom.backup.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * Backups in a directory (default {@code $STRONGROOM_HOME/backups}; mount it on other storage than
 * the database's). An object is written as {@code <key>.partial}, forced to disk, and renamed
 * atomically to its key; directories are 0700 and files 0600 where the file system has POSIX modes.
 */
final class DirectoryBackupStore implements BackupStore {

    private static final String PARTIAL = ".partial";
    private final Path root;
    private final boolean posix;

    DirectoryBackupStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            createDirectory(this.root);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the backup directory " + this.root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "directory";
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Upload create(String key) throws IOException {
        Path target = path(key);
        createDirectory(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + PARTIAL);
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        if (posix) {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        }
        OutputStream stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
            @Override
            public void close() throws IOException {
                flush(); // the archive writer closes its streams; the channel stays open for commit's force
            }
        };
        return new Upload() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return stream;
            }

            @Override
            public void commit() throws IOException {
                stream.flush();
                channel.force(true);
                channel.close();
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    channel.close();
                    Files.deleteIfExists(partial);
                }
            }
        };
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(path(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(path(key));
    }

    @Override
    public void removeUnfinished(String suffix) throws IOException {
        List<Path> partials;
        try (Stream<Path> files = Files.walk(root, 2)) {
            partials = files.filter(p -> p.getFileName().toString().endsWith(suffix + PARTIAL)).toList();
        } catch (NoSuchFileException e) {
            return;
        }
        for (Path partial : partials) {
            Files.deleteIfExists(partial);
        }
    }

    Path path(String key) {
        Path path = root.resolve(BackupStore.requireKey(key)).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Not a backup object key: " + key);
        }
        return path;
    }

    private void createDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory);
        if (posix) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }
}

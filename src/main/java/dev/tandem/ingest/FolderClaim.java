package dev.tandem.ingest;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A watched folder is one Tandem's: the first to start holds an operating-system lock on the folder's
 * {@value #FILE_NAME} for as long as it runs, and a Tandem that finds it held does not watch the folder until the
 * holder lets it go ({@link FolderStandby}). Two watching one folder lose files: the second, starting, deletes the
 * first's read-lock files as left over from a crash, both read a file, and the second move deletes the first's copy.
 *
 * <p>The lock is the system's ({@code fcntl} on Linux, which NFS honours too), so it ends with the process however
 * the process ends: a crash leaves no lock behind. The file stays when the lock is let go: deleted, a third Tandem
 * could lock a new file of that name while the second still held the old one. Its name is hidden, so the folder's
 * consumer never reads it. Because closing any other descriptor of the file in this process would let the lock go
 * (POSIX), this process never opens it twice: a claim in this JVM is remembered, and the workspace tools skip files
 * of this name.
 */
public final class FolderClaim implements AutoCloseable {

    public static final String FILE_NAME = ".tandem-watch.lock";

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderClaim(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code folder} for this Tandem; empty when another Tandem, in another process or in this one, holds it.
     * Throws when the folder's file system cannot lock at all.
     */
    public static Optional<FolderClaim> tryClaim(Path folder) throws IOException {
        Path key = folder.toAbsolutePath().normalize();
        if (!HELD_HERE.add(key)) {
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key.resolve(FILE_NAME), CREATE, READ, WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_HERE.remove(key);
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false); // for a Tandem on another machine reading who holds an NFS folder
            return Optional.of(new FolderClaim(key, channel, lock));
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HELD_HERE.remove(key);
            throw e;
        }
    }

    /**
     * Who holds {@code folder}, as its holder wrote it ("Tandem pid 1234 on host"), for a message. Not read when the
     * holder is this process, whose claim reading the file would end.
     */
    public static String holderOf(Path folder) {
        if (HELD_HERE.contains(folder.toAbsolutePath().normalize())) {
            return "another Tandem in this process";
        }
        try {
            String written = Files.readString(folder.resolve(FILE_NAME), StandardCharsets.UTF_8).strip();
            return written.isEmpty() ? "another Tandem" : written;
        } catch (IOException | RuntimeException unreadable) {
            return "another Tandem";
        }
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            host = "this host";
        }
        return "Tandem pid " + ProcessHandle.current().pid() + " on " + host + "\n";
    }

    public Path folder() {
        return folder;
    }

    /** Lets the folder go: another Tandem may watch it from now on. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD_HERE.remove(folder);
        }
    }
}

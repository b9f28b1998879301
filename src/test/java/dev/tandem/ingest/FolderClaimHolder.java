package dev.tandem.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Another process for the tests of {@link FolderClaim}: {@link #main} tries to claim the folder given, prints
 * {@code claimed} or {@code held}, and keeps what it claimed until its standard input closes (or it is killed);
 * {@link #start} launches it with this JVM's class path.
 */
public final class FolderClaimHolder {

    private FolderClaimHolder() {
    }

    public static void main(String[] args) throws Exception {
        Optional<FolderClaim> claim = FolderClaim.tryClaim(Path.of(args[0]));
        System.out.println(claim.isPresent() ? "claimed" : "held");
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    static Child start(Path folder) throws IOException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FolderClaimHolder.class.getName(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new Child(process, new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)));
    }

    /** The launched process and what it prints. */
    record Child(Process process, BufferedReader output) {

        /** Its one line: {@code claimed} or {@code held}. */
        String said() throws Exception {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return output.readLine();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(60, TimeUnit.SECONDS);
        }

        /** Its line, once it ended (its standard input closed, so what it held is let go). */
        String saidAndEnded() throws Exception {
            try {
                return said();
            } finally {
                process.getOutputStream().close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}

package dev.tandem.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 ledger remembers each version once, in its file, and knows them again after a restart. */
class S3ObjectLedgerTest {

    @TempDir
    Path work;

    @Test
    void should_remember_a_version_across_a_restart_and_write_it_once() throws Exception {
        Path file = work.resolve("data/s3-ingested-objects.txt");
        S3ObjectLedger ledger = new S3ObjectLedger(file);
        assertThat(ledger.isNew("docs/a.md@\"e1\"")).isTrue();

        ledger.markIngested("docs/a.md@\"e1\"");
        ledger.markIngested("docs/a.md@\"e1\"");
        ledger.markIngested("docs/b.md@\"e2\"");

        assertThat(ledger.isNew("docs/a.md@\"e1\"")).isFalse();
        assertThat(Files.readAllLines(file)).containsExactly("docs/a.md@\"e1\"", "docs/b.md@\"e2\"");
        S3ObjectLedger restarted = new S3ObjectLedger(file);
        assertThat(restarted.isNew("docs/a.md@\"e1\"")).isFalse();
        assertThat(restarted.isNew("docs/b.md@\"e2\"")).isFalse();
        assertThat(restarted.isNew("docs/a.md@\"e3\"")).as("a new version of a key").isTrue();
    }
}

package dev.tandem.aws.documentdb;

import java.util.Optional;

/** Where a tool works: a connection by name (empty: the only one), a database and a collection. */
record Target(Optional<String> connection, String database, String collection) {
}

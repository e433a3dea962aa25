package io.earshot.contracts.events;

/**
 * Every event on a Kafka topic carries a schema version "MAJOR.MINOR". Consumers accept any minor version of the
 * major they know (new optional fields are ignored) and reject other majors to the dead-letter topic.
 */
public interface Event {
    String schemaVersion();
}

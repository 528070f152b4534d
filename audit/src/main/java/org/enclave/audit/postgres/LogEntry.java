package org.enclave.audit.postgres;

/** One stored leaf: its position, its canonical data and the RFC 9162 leaf hash stored with it. */
public record LogEntry(long index, byte[] data, byte[] leafHash) {}

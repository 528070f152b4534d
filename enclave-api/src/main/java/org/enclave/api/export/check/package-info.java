/**
 * The export airlock's automated checks: what in a file a team wants to take out occurs in the data
 * it must not carry. Plain Java, no framework: the corpus index ({@link
 * org.enclave.api.export.check.CorpusIndex}) is built from a dataset version's files when it is
 * published, and the checks read it to look for verbatim text and identifiers in export files
 * without scanning the corpus again (docs/exports.md).
 */
package org.enclave.api.export.check;

package org.enclave.api.broker.s3;

/** The S3 read operations the broker serves; every other request is refused. */
public enum S3Operation {
  LIST_BUCKETS("dataset.list"),
  HEAD_BUCKET("dataset.bucket.read"),
  GET_BUCKET_LOCATION("dataset.bucket.read"),
  LIST_OBJECTS_V2("dataset.object.list"),
  LIST_OBJECTS_V1("dataset.object.list"),
  HEAD_OBJECT("dataset.object.stat"),
  GET_OBJECT("dataset.object.read");

  private final String action;

  S3Operation(String action) {
    this.action = action;
  }

  /** The audit action this operation is recorded under. */
  public String action() {
    return action;
  }

  public boolean readsObject() {
    return this == GET_OBJECT || this == HEAD_OBJECT;
  }
}

package org.enclave.workspace.runtime.client;

import java.time.Instant;

/**
 * A dataset version this workspace may read now: its bucket is {@code <dataset>.<version label>},
 * for example {@code clpsych-synthetic.v1}.
 *
 * @param bucket the bucket name to pass to {@code list}, {@code open}, {@code lines}, ...
 * @param created when the version was created, or {@code null} if the broker did not say
 */
public record Dataset(String bucket, Instant created) {}

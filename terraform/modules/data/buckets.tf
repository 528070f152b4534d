# One section per bucket; see main.tf for why each bucket has its own resources.

# ---------------------------------------------------------------- datasets: datasets the control plane serves to workspaces through the broker

resource "aws_s3_bucket" "datasets" {
  bucket        = local.bucket_names.datasets
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "datasets" {
  bucket                  = aws_s3_bucket.datasets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "datasets" {
  bucket = aws_s3_bucket.datasets.id

  # ACLs are off: access is decided by the bucket policy and IAM alone.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "datasets" {
  bucket = aws_s3_bucket.datasets.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    # A bucket key cuts the KMS calls (and their cost and throttling) to one per
    # bucket key period; the control plane also asks for it on every PutObject.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "datasets" {
  bucket = aws_s3_bucket.datasets.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "datasets" {
  bucket = aws_s3_bucket.datasets.id

  # A multipart upload the control plane could not abort (a crash) would keep
  # its parts, billed and invisible, forever.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.datasets]
}

resource "aws_s3_bucket_logging" "datasets" {
  bucket        = aws_s3_bucket.datasets.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${local.access_log_prefix}datasets/"
}

resource "aws_s3_bucket_policy" "datasets" {
  bucket = aws_s3_bucket.datasets.id
  policy = data.aws_iam_policy_document.datasets_bucket.json

  # S3 refuses a policy that block_public_policy would block only after the
  # block exists; applying the policy last also lets the configuration above
  # be written before the denies take effect.
  depends_on = [aws_s3_bucket_public_access_block.datasets]
}

# ---------------------------------------------------------------- gold: gold labels, never readable from a workspace

resource "aws_s3_bucket" "gold" {
  bucket        = local.bucket_names.gold
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "gold" {
  bucket                  = aws_s3_bucket.gold.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "gold" {
  bucket = aws_s3_bucket.gold.id

  # ACLs are off: access is decided by the bucket policy and IAM alone.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "gold" {
  bucket = aws_s3_bucket.gold.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    # A bucket key cuts the KMS calls (and their cost and throttling) to one per
    # bucket key period; the control plane also asks for it on every PutObject.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "gold" {
  bucket = aws_s3_bucket.gold.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "gold" {
  bucket = aws_s3_bucket.gold.id

  # A multipart upload the control plane could not abort (a crash) would keep
  # its parts, billed and invisible, forever.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.gold]
}

resource "aws_s3_bucket_logging" "gold" {
  bucket        = aws_s3_bucket.gold.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${local.access_log_prefix}gold/"
}

resource "aws_s3_bucket_policy" "gold" {
  bucket = aws_s3_bucket.gold.id
  policy = data.aws_iam_policy_document.gold_bucket.json

  # S3 refuses a policy that block_public_policy would block only after the
  # block exists; applying the policy last also lets the configuration above
  # be written before the denies take effect.
  depends_on = [aws_s3_bucket_public_access_block.gold]
}

# ---------------------------------------------------------------- exports: results waiting in the export airlock

resource "aws_s3_bucket" "exports" {
  bucket        = local.bucket_names.exports
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "exports" {
  bucket = aws_s3_bucket.exports.id

  # ACLs are off: access is decided by the bucket policy and IAM alone.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    # A bucket key cuts the KMS calls (and their cost and throttling) to one per
    # bucket key period; the control plane also asks for it on every PutObject.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  # A multipart upload the control plane could not abort (a crash) would keep
  # its parts, billed and invisible, forever.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.exports]
}

resource "aws_s3_bucket_logging" "exports" {
  bucket        = aws_s3_bucket.exports.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${local.access_log_prefix}exports/"
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = data.aws_iam_policy_document.exports_bucket.json

  # S3 refuses a policy that block_public_policy would block only after the
  # block exists; applying the policy last also lets the configuration above
  # be written before the denies take effect.
  depends_on = [aws_s3_bucket_public_access_block.exports]
}

# ---------------------------------------------------------------- raw-uploads: raw uploads before they are checked and published as datasets

resource "aws_s3_bucket" "raw_uploads" {
  bucket        = local.bucket_names.raw_uploads
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "raw_uploads" {
  bucket                  = aws_s3_bucket.raw_uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "raw_uploads" {
  bucket = aws_s3_bucket.raw_uploads.id

  # ACLs are off: access is decided by the bucket policy and IAM alone.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "raw_uploads" {
  bucket = aws_s3_bucket.raw_uploads.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    # A bucket key cuts the KMS calls (and their cost and throttling) to one per
    # bucket key period; the control plane also asks for it on every PutObject.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "raw_uploads" {
  bucket = aws_s3_bucket.raw_uploads.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "raw_uploads" {
  bucket = aws_s3_bucket.raw_uploads.id

  # A multipart upload the control plane could not abort (a crash) would keep
  # its parts, billed and invisible, forever.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  # Raw uploads are replaced by their checked dataset; old versions are kept
  # only long enough to recover from a mistaken replacement or deletion.
  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {
      prefix = ""
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.raw_uploads]
}

resource "aws_s3_bucket_logging" "raw_uploads" {
  bucket        = aws_s3_bucket.raw_uploads.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${local.access_log_prefix}raw-uploads/"
}

resource "aws_s3_bucket_policy" "raw_uploads" {
  bucket = aws_s3_bucket.raw_uploads.id
  policy = data.aws_iam_policy_document.raw_uploads_bucket.json

  # S3 refuses a policy that block_public_policy would block only after the
  # block exists; applying the policy last also lets the configuration above
  # be written before the denies take effect.
  depends_on = [aws_s3_bucket_public_access_block.raw_uploads]
}

# ---------------------------------------------------------------- audit-anchor: audit log checkpoints (S3CheckpointAnchor), one object per checkpoint, never overwritten

resource "aws_s3_bucket" "audit_anchor" {
  bucket        = local.bucket_names.audit_anchor
  force_destroy = var.force_destroy
  # Object Lock can only be turned on when a bucket is created.
  object_lock_enabled = true
}

resource "aws_s3_bucket_public_access_block" "audit_anchor" {
  bucket                  = aws_s3_bucket.audit_anchor.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "audit_anchor" {
  bucket = aws_s3_bucket.audit_anchor.id

  # ACLs are off: access is decided by the bucket policy and IAM alone.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit_anchor" {
  bucket = aws_s3_bucket.audit_anchor.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.audit.arn
    }
    # A bucket key cuts the KMS calls (and their cost and throttling) to one per
    # bucket key period; the control plane also asks for it on every PutObject.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "audit_anchor" {
  bucket = aws_s3_bucket.audit_anchor.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "audit_anchor" {
  bucket = aws_s3_bucket.audit_anchor.id

  # COMPLIANCE: no principal, root included, can delete a version or shorten its
  # retention before it ends; that is what makes the records tamper-evident.
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = var.audit_retention_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.audit_anchor]
}

resource "aws_s3_bucket_lifecycle_configuration" "audit_anchor" {
  bucket = aws_s3_bucket.audit_anchor.id

  # A multipart upload the control plane could not abort (a crash) would keep
  # its parts, billed and invisible, forever.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.audit_anchor]
}

resource "aws_s3_bucket_logging" "audit_anchor" {
  bucket        = aws_s3_bucket.audit_anchor.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${local.access_log_prefix}audit-anchor/"
}

resource "aws_s3_bucket_policy" "audit_anchor" {
  bucket = aws_s3_bucket.audit_anchor.id
  policy = data.aws_iam_policy_document.audit_anchor_bucket.json

  # S3 refuses a policy that block_public_policy would block only after the
  # block exists; applying the policy last also lets the configuration above
  # be written before the denies take effect.
  depends_on = [aws_s3_bucket_public_access_block.audit_anchor]
}

# ---------------------------------------------------------------- audit-logs: CloudTrail and VPC flow logs

resource "aws_s3_bucket" "audit_logs" {
  bucket        = local.bucket_names.audit_logs
  force_destroy = var.force_destroy
  # Object Lock can only be turned on when a bucket is created.
  object_lock_enabled = true
}

resource "aws_s3_bucket_public_access_block" "audit_logs" {
  bucket                  = aws_s3_bucket.audit_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id

  # ACLs are off: access is decided by the bucket policy and IAM alone.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.audit.arn
    }
    # A bucket key cuts the KMS calls (and their cost and throttling) to one per
    # bucket key period; the control plane also asks for it on every PutObject.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id

  # COMPLIANCE: no principal, root included, can delete a version or shorten its
  # retention before it ends; that is what makes the records tamper-evident.
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = var.audit_retention_days
    }
  }

  depends_on = [aws_s3_bucket_versioning.audit_logs]
}

resource "aws_s3_bucket_lifecycle_configuration" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id

  # A multipart upload the control plane could not abort (a crash) would keep
  # its parts, billed and invisible, forever.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.audit_logs]
}

resource "aws_s3_bucket_logging" "audit_logs" {
  bucket        = aws_s3_bucket.audit_logs.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "${local.access_log_prefix}audit-logs/"
}

resource "aws_s3_bucket_policy" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id
  policy = data.aws_iam_policy_document.audit_logs_bucket.json

  # S3 refuses a policy that block_public_policy would block only after the
  # block exists; applying the policy last also lets the configuration above
  # be written before the denies take effect.
  depends_on = [aws_s3_bucket_public_access_block.audit_logs]
}

# ---------------------------------------------------------------- access-logs: S3 server access logs of the six other buckets

resource "aws_s3_bucket" "access_logs" {
  bucket        = local.bucket_names.access_logs
  force_destroy = var.force_destroy
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  # ACLs are off: access is decided by the bucket policy and IAM alone.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.audit.arn
    }
    # A bucket key cuts the KMS calls (and their cost and throttling) to one per
    # bucket key period; the control plane also asks for it on every PutObject.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id

  # A multipart upload the control plane could not abort (a crash) would keep
  # its parts, billed and invisible, forever.
  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.access_logs]
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = data.aws_iam_policy_document.access_logs_bucket.json

  # S3 refuses a policy that block_public_policy would block only after the
  # block exists; applying the policy last also lets the configuration above
  # be written before the denies take effect.
  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}

package org.enclave.api.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Judges the AWS adapters' settings before the control plane starts: each adapter chosen by
 * configuration needs its region, resources and keys named, so that a missing setting is a refusal
 * at startup with the setting's name, never a failure at the first workspace start or upload.
 * docs/aws.md lists every setting.
 */
public final class AwsReadiness {
  /** Workspace sizes; each needs an instance type when workspaces run on EC2. */
  static final List<String> SIZES = List.of("small", "medium", "large");

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern DEPLOYMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");

  private AwsReadiness() {}

  /** Which adapter each SPI uses. */
  public enum Choice {
    LOCAL,
    AWS;

    static Optional<Choice> parse(String value, String aws) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (v.equals("local") || v.equals("file")) {
        return Optional.of(LOCAL);
      }
      return v.equals(aws) ? Optional.of(AWS) : Optional.empty();
    }
  }

  /** Whether a provider setting chooses AWS; a value that is neither records a problem. */
  static boolean choosesAws(
      Function<String, Optional<String>> config,
      String key,
      String aws,
      String local,
      List<String> problems) {
    String value = config.apply(key).orElse(local);
    Optional<Choice> c = Choice.parse(value, aws);
    if (c.isEmpty()) {
      problems.add(key + "=" + value + " is not a known adapter: use " + local + " or " + aws);
    }
    return c.map(choice -> choice == Choice.AWS).orElse(false);
  }

  /** Returns the reasons to refuse startup with the configured AWS adapters; empty if none. */
  public static List<String> problems(Function<String, Optional<String>> config) {
    List<String> problems = new ArrayList<>();
    boolean ec2 = choosesAws(config, "enclave.workspaces.provider", "aws", "local", problems);
    boolean s3 = choosesAws(config, "enclave.object-store.provider", "s3", "local", problems);
    boolean kms = choosesAws(config, "enclave.keys.provider", "kms", "local", problems);
    boolean anchor = choosesAws(config, "enclave.audit.anchor", "s3", "file", problems);
    if (!(ec2 || s3 || kms || anchor)) {
      return problems;
    }
    Optional<String> region = required(config, "enclave.aws.region", problems);
    region
        .filter(r -> !REGION.matcher(r).matches())
        .ifPresent(r -> problems.add("enclave.aws.region=" + r + " is not an AWS region name"));
    if (ec2) {
      ec2Problems(config, problems);
    }
    if (s3) {
      Optional<String> bucket = required(config, "enclave.aws.s3.bucket", problems);
      required(config, "enclave.aws.s3.kms-key", problems);
      config
          .apply("enclave.aws.s3.restricted-bucket")
          .map(String::trim)
          .filter(r -> r.equals(bucket.orElse(null)))
          .ifPresent(
              r ->
                  problems.add(
                      "enclave.aws.s3.restricted-bucket="
                          + r
                          + " must be a bucket of its own, not enclave.aws.s3.bucket (or leave"
                          + " it unset to keep restricted objects in the datasets bucket)"));
    }
    if (anchor) {
      required(config, "enclave.aws.audit-anchor.bucket", problems);
      required(config, "enclave.aws.audit-anchor.kms-key", problems);
    }
    if (s3 || anchor) {
      config
          .apply("enclave.aws.s3.path-style")
          .map(String::trim)
          .filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false"))
          .ifPresent(
              v -> problems.add("enclave.aws.s3.path-style=" + v + " must be true or false"));
    }
    if (kms) {
      kmsProblems(config, problems);
    }
    stsProblems(config, problems);
    return problems;
  }

  /** Whether the keys live in KMS, so that no key file needs to exist on this machine. */
  static boolean keysInKms(Function<String, Optional<String>> config) {
    return config
        .apply("enclave.keys.provider")
        .flatMap(v -> Choice.parse(v, "kms"))
        .map(c -> c == Choice.AWS)
        .orElse(false);
  }

  private static void ec2Problems(Function<String, Optional<String>> config, List<String> out) {
    required(config, "enclave.aws.deployment", out)
        .filter(d -> !DEPLOYMENT.matcher(d).matches())
        .ifPresent(
            d ->
                out.add(
                    "enclave.aws.deployment="
                        + d
                        + " must be 1-32 lower-case letters, digits or dashes (it is a tag value"
                        + " and part of resource names)"));
    for (String key :
        List.of(
            "enclave.aws.ec2.launch-template",
            "enclave.aws.ec2.subnets",
            "enclave.aws.ec2.security-groups",
            "enclave.aws.ec2.instance-profile",
            "enclave.aws.ec2.ebs-kms-key")) {
      required(config, key, out);
    }
    for (String size : SIZES) {
      required(config, "enclave.aws.ec2.instance-types." + size, out);
    }
    Optional<String> url = required(config, "enclave.broker.network.url", out);
    url.filter(u -> !u.startsWith("https://"))
        .ifPresent(
            u ->
                out.add(
                    "enclave.broker.network.url="
                        + u
                        + " must be https: workspaces reach the broker over the VPC with TLS"));
    for (String key :
        List.of("enclave.broker.network.certificate", "enclave.broker.network.private-key")) {
      required(config, key, out).ifPresent(p -> requireFile(key, p, out));
    }
  }

  private static void kmsProblems(Function<String, Optional<String>> config, List<String> out) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String[] key :
        List.of(
            new String[] {"enclave.audit.key-name", "audit-log"},
            new String[] {"enclave.broker.credential-key-name", "broker-credentials"},
            new String[] {"enclave.sessions.token-key-name", "broker-credentials"})) {
      String name = config.apply(key[0]).orElse(key[1]);
      if (!seen.add(name)) {
        continue;
      }
      boolean signing = present(config, "enclave.aws.kms.signing-keys." + name);
      boolean envelope = present(config, "enclave.aws.kms.envelope-keys." + name + ".key");
      if (signing == envelope) {
        out.add(
            "key "
                + name
                + " ("
                + key[0]
                + ") needs exactly one of enclave.aws.kms.signing-keys."
                + name
                + " (an ECC_NIST_EDWARDS25519 KMS key) or enclave.aws.kms.envelope-keys."
                + name
                + ".key with .ciphertext-file (a KMS-encrypted seed)");
      }
      if (envelope) {
        String fileKey = "enclave.aws.kms.envelope-keys." + name + ".ciphertext-file";
        required(config, fileKey, out).ifPresent(p -> requireFile(fileKey, p, out));
      }
    }
  }

  /** The role assumed for users' sessions is optional; if named, it must be a role and a span. */
  private static void stsProblems(Function<String, Optional<String>> config, List<String> out) {
    config
        .apply("enclave.aws.sts.user-role-arn")
        .map(String::trim)
        .filter(v -> !v.isEmpty() && !ROLE_ARN.matcher(v).matches())
        .ifPresent(
            v ->
                out.add(
                    "enclave.aws.sts.user-role-arn="
                        + v
                        + " is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"));
    config
        .apply("enclave.aws.sts.session-duration")
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .ifPresent(
            v -> {
              java.time.Duration d;
              try {
                d = AwsSettings.parseDuration(v);
              } catch (java.time.format.DateTimeParseException e) {
                out.add("enclave.aws.sts.session-duration=" + v + " is not a duration (e.g. 1H)");
                return;
              }
              if (d.compareTo(java.time.Duration.ofMinutes(15)) < 0
                  || d.compareTo(java.time.Duration.ofHours(12)) > 0) {
                out.add(
                    "enclave.aws.sts.session-duration="
                        + v
                        + " must be between 15 minutes and 12 hours, as AssumeRole allows");
              }
            });
  }

  private static Optional<String> required(
      Function<String, Optional<String>> config, String key, List<String> out) {
    Optional<String> v = config.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    if (v.isEmpty()) {
      out.add(key + " is not set, and the AWS adapters need it (docs/aws.md)");
    }
    return v;
  }

  private static boolean present(Function<String, Optional<String>> config, String key) {
    return config.apply(key).map(String::trim).filter(s -> !s.isEmpty()).isPresent();
  }

  private static void requireFile(String key, String path, List<String> out) {
    try {
      if (!Files.isRegularFile(Path.of(path))) {
        out.add(key + "=" + path + " is not a readable file");
      }
    } catch (InvalidPathException e) {
      out.add(key + "=" + path + " is not a valid path");
    }
  }
}

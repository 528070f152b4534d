#!/bin/sh
# Entry point of the control plane's container on AWS (terraform/modules/control-plane). ECS puts
# the broker's TLS certificate and key (from Secrets Manager) and the broker-credentials envelope
# seed into the environment; the control plane reads them from files (AwsReadiness requires regular
# files). This writes each to the file its setting names, readable by this uid alone, removes the
# values from the environment, then starts the control plane (or the command given, for checks).
set -eu
umask 077

write() { # write VARIABLE_WITH_CONTENT VARIABLE_WITH_PATH
  eval "content=\${$1:-}"
  eval "path=\${$2:-}"
  if [ -z "$content" ]; then
    echo "enclave-entrypoint: $1 is empty: put the value into its secret (terraform/README.md)" >&2
    exit 1
  fi
  if [ -z "$path" ]; then
    echo "enclave-entrypoint: $2 does not name the file for $1" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$path")"
  printf '%s\n' "$content" > "$path"
}

write ENCLAVE_BOOT_BROKER_CERTIFICATE_PEM ENCLAVE_BROKER_NETWORK_CERTIFICATE
write ENCLAVE_BOOT_BROKER_PRIVATE_KEY_PEM ENCLAVE_BROKER_NETWORK_PRIVATE_KEY
write ENCLAVE_BOOT_BROKER_CREDENTIALS_SEED ENCLAVE_AWS_KMS_ENVELOPE_KEYS_BROKER_CREDENTIALS_CIPHERTEXT_FILE
unset ENCLAVE_BOOT_BROKER_CERTIFICATE_PEM ENCLAVE_BOOT_BROKER_PRIVATE_KEY_PEM \
  ENCLAVE_BOOT_BROKER_CREDENTIALS_SEED content path

if [ "$#" -gt 0 ]; then
  exec "$@"
fi
exec java -XX:MaxRAMPercentage=75 -jar /opt/enclave/quarkus-app/quarkus-run.jar

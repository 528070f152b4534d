package org.enclave.api.workspace.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.enclave.api.broker.NetworkListener;
import org.enclave.api.config.AwsSettings;
import org.enclave.api.workspace.model.WorkspaceSize;
import org.enclave.infra.aws.ec2.Ec2Clients;
import org.enclave.infra.aws.ec2.Ec2WorkspaceConfig;
import org.enclave.infra.aws.ec2.Ec2WorkspaceProvider;
import org.enclave.infra.aws.ec2.Retry;

/** Builds the EC2 workspace provider and the broker's network listener from configuration. */
final class AwsWorkspaces {
  private AwsWorkspaces() {}

  static Ec2WorkspaceProvider provider(AwsSettings s, WorkspaceConfig workspaces) {
    Map<String, String> types = new LinkedHashMap<>();
    for (WorkspaceSize size : WorkspaceSize.values()) {
      String name = size.name().toLowerCase(java.util.Locale.ROOT);
      types.put(name, s.required("enclave.aws.ec2.instance-types." + name));
    }
    Ec2WorkspaceConfig config =
        new Ec2WorkspaceConfig(
            s.required("enclave.aws.deployment"),
            s.required("enclave.aws.ec2.launch-template"),
            s.optional("enclave.aws.ec2.launch-template-version").orElse(null),
            s.list("enclave.aws.ec2.subnets"),
            s.list("enclave.aws.ec2.security-groups"),
            s.required("enclave.aws.ec2.instance-profile"),
            s.required("enclave.aws.ec2.ebs-kms-key"),
            s.integer("enclave.aws.ec2.home-volume-gib", 0),
            types,
            s.uri("enclave.broker.network.url"),
            s.integer("enclave.aws.ec2.session-port", 0),
            workspaces.readyTimeout(),
            s.duration("enclave.aws.ec2.poll-interval").orElse(Duration.ofSeconds(2)),
            Retry.standard());
    return new Ec2WorkspaceProvider(Ec2Clients.create(s.required("enclave.aws.region")), config);
  }

  static NetworkListener listener(AwsSettings s) {
    return new NetworkListener(
        s.optional("enclave.broker.network.host").orElse("0.0.0.0"),
        s.integer("enclave.broker.network.port", 9443),
        s.uri("enclave.broker.network.url"),
        Path.of(s.required("enclave.broker.network.certificate")),
        Path.of(s.required("enclave.broker.network.private-key")));
  }
}

package org.enclave.infra.aws.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.enclave.infra.workspace.WorkspaceSpec;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/** The tags of docs/aws.md on everything launched, and the filters that find it again. */
final class Ec2Tags {

  static final String MANAGED = "enclave:managed";
  static final String DEPLOYMENT = "enclave:deployment";
  static final String WORKSPACE = "enclave:workspace";
  static final String TEAM = "enclave:team";
  static final String OWNER = "enclave:owner";
  static final String NAME = "Name";

  private Ec2Tags() {}

  static List<Tag> of(String deployment, String workspaceId, Map<String, String> labels) {
    List<Tag> tags = new ArrayList<>();
    tags.add(tag(MANAGED, "true"));
    tags.add(tag(DEPLOYMENT, deployment));
    tags.add(tag(WORKSPACE, workspaceId));
    tags.add(tag(TEAM, labels.getOrDefault(WorkspaceSpec.LABEL_TEAM, "")));
    tags.add(tag(OWNER, labels.getOrDefault(WorkspaceSpec.LABEL_OWNER, "")));
    tags.add(tag(NAME, "enclave-ws-" + workspaceId));
    return tags;
  }

  /** This deployment's managed instances. */
  static List<Filter> deployment(String deployment) {
    return List.of(filter(MANAGED, "true"), filter(DEPLOYMENT, deployment));
  }

  /** This deployment's instances of one workspace. */
  static List<Filter> workspace(String deployment, String workspaceId) {
    return List.of(
        filter(MANAGED, "true"), filter(DEPLOYMENT, deployment), filter(WORKSPACE, workspaceId));
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  private static Filter filter(String key, String value) {
    return Filter.builder().name("tag:" + key).values(value).build();
  }
}

package org.enclave.infra.workspace;

import java.util.HashMap;
import java.util.Map;
import org.enclave.infra.aws.ec2.Ec2Fixture;

/** The lifecycle contract, run against the EC2 provider over the EC2 stub. */
class Ec2LifecycleContractTest extends WorkspaceLifecycleContract {

  private final Ec2Fixture fixture = new Ec2Fixture();
  private final Map<String, String> marks = new HashMap<>();
  private int ids;

  @Override
  WorkspaceProvider provider() {
    return fixture.provider;
  }

  @Override
  WorkspaceSpec spec(String id) {
    return Ec2Fixture.spec(id, "small");
  }

  @Override
  String newId(String name) {
    return name + "-" + ++ids;
  }

  /** The home of an EC2 workspace is its volume: the mark is the volume's id. */
  @Override
  void leaveMark(String id) {
    marks.put(id, fixture.homeVolume(id));
  }

  @Override
  boolean markKept(String id) {
    return marks.get(id) != null && marks.get(id).equals(fixture.homeVolume(id));
  }
}

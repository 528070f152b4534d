package org.enclave.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code ./enclave up} prints: where to sign in, and how to get to a demo notebook. */
class BannerTest {
  @Test
  void namesTheConsoleItsPagesAndTheWayToADemoNotebook() throws Exception {
    RealmFile realm =
        RealmFile.read(Path.of(BannerTest.class.getResource("/local/enclave-realm.json").toURI()));
    LocalStackConfig config = LocalStackConfig.parse(new String[0], Map.of());

    String banner =
        Banner.render(
            "http://localhost:8180", "http://localhost:8180/realms/enclave", realm, config);

    assertThat(banner)
        .contains("http://localhost:8080/console ")
        .contains("http://localhost:8080/console/workspaces")
        .contains("http://localhost:8080/console/audit")
        .contains("sign in as alice, Create, then Start")
        .contains("Open notebook")
        .contains("enclave.jsonl('clpsych-synthetic.v1', 'train/posts.jsonl')")
        .contains("/console/audit?action=dataset.object.read");
    assertThat(banner).containsPattern("alice +enclave +researcher +lighthouse \\(lead\\)");
  }
}

package org.enclave.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DumpFormatTest {

  private static final String HASH = "bWVya2xlIGhhc2ggb2YgdGhpcnR5LXR3byBieXRlcyE=";

  @Test
  void readsTheThreeKindsOfLineInAnyMemberOrder() throws Exception {
    DumpRecord entry =
        parse("{\"data\":\"aGk=\",\"index\":7,\"type\":\"entry\",\"leafHash\":\"" + HASH + "\"}");
    DumpRecord node =
        parse("{\"type\":\"node\",\"level\":2,\"index\":3,\"hash\":\"" + HASH + "\"}");
    DumpRecord checkpoint = parse("{\"type\":\"checkpoint\",\"size\":12,\"note\":\"a\\nb\\n\"}");

    assertThat(entry)
        .isInstanceOfSatisfying(
            DumpRecord.Entry.class,
            e -> {
              assertThat(e.index()).isEqualTo(7);
              assertThat(e.data()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
              assertThat(e.leafHash()).hasSize(32);
            });
    assertThat(node)
        .isInstanceOfSatisfying(
            DumpRecord.Node.class,
            n -> assertThat(new long[] {n.level(), n.index()}).containsExactly(2, 3));
    assertThat(checkpoint)
        .isInstanceOfSatisfying(
            DumpRecord.SignedCheckpoint.class,
            c -> {
              assertThat(c.size()).isEqualTo(12);
              assertThat(c.note()).isEqualTo("a\nb\n");
            });
  }

  @Test
  void theLeafHashIsOptionalAndUnknownMembersAreIgnored() throws Exception {
    DumpRecord.Entry entry =
        (DumpRecord.Entry) parse("{\"type\":\"entry\",\"index\":0,\"data\":\"\",\"event\":{}}");

    assertThat(entry.data()).isEmpty();
    assertThat(entry.leafHash()).isNull();
  }

  @Test
  void writtenLinesReadBack() throws Exception {
    byte[] hash = new byte[32];
    hash[31] = 9;
    String note = "enclave.test/audit\n1\nroot\n\n\u2014 enclave.test/audit sig\n";

    DumpRecord.Entry entry =
        (DumpRecord.Entry) parse(DumpFormat.entryLine(4, new byte[] {0, -1, 2}, hash));
    DumpRecord.Node node = (DumpRecord.Node) parse(DumpFormat.nodeLine(5, 6, hash));
    DumpRecord.SignedCheckpoint checkpoint =
        (DumpRecord.SignedCheckpoint) parse(DumpFormat.checkpointLine(1, note));

    assertThat(entry.data()).containsExactly(0, -1, 2);
    assertThat(entry.leafHash()).isEqualTo(hash);
    assertThat(node.hash()).isEqualTo(hash);
    assertThat(checkpoint.note()).isEqualTo(note);
    assertThat(DumpFormat.entryLine(4, new byte[] {1}, hash))
        .startsWith("{\"type\":\"entry\",\"index\":4,\"data\":\"AQ==\",\"leafHash\":\"");
  }

  @Test
  void refusesWhatIsNotInTheFormat() {
    assertRefused("[]", "expected a JSON object");
    assertRefused("{\"index\":0}", "missing \"type\"");
    assertRefused("{\"type\":\"leaf\"}", "unknown \"type\" \"leaf\"");
    assertRefused(
        "{\"type\":\"entry\",\"index\":\"0\",\"data\":\"\"}", "\"index\" must be an integer");
    assertRefused(
        "{\"type\":\"entry\",\"index\":1.5,\"data\":\"\"}", "\"index\" must be an integer");
    assertRefused("{\"type\":\"entry\",\"index\":-1,\"data\":\"\"}", "\"index\" -1 is outside");
    assertRefused("{\"type\":\"entry\",\"index\":0,\"data\":\"@@\"}", "\"data\" is not base64");
    assertRefused("{\"type\":\"entry\",\"index\":0}", "\"data\" must be a base64 string");
    assertRefused(
        "{\"type\":\"entry\",\"index\":0,\"data\":\"\",\"leafHash\":\"AAAA\"}",
        "\"leafHash\" has 3 bytes, not 32");
    assertRefused(
        "{\"type\":\"node\",\"level\":0,\"index\":0,\"hash\":\"" + HASH + "\"}",
        "\"level\" 0 is outside 1..62");
    assertRefused("{\"type\":\"checkpoint\",\"size\":1,\"note\":7}", "\"note\" must be a string");
    assertRefused("{\"type\":\"entry\",\"index\":0,\"index\":1,\"data\":\"\"}", "not JSON");
    assertRefused("{\"type\":\"entry\"", "not JSON");
  }

  private static DumpRecord parse(String line) throws InputException {
    return DumpFormat.parseLine(line.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertRefused(String line, String message) {
    assertThatThrownBy(() -> parse(line))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(message);
  }
}

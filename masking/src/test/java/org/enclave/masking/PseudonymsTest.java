package org.enclave.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PseudonymsTest {
  private static Pseudonyms under(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return new Pseudonyms(Pseudonyms.hmacSha256(key));
  }

  @Test
  void theSameIdGivesTheSamePseudonymUnderOneKeyAndAnotherUnderAnother() {
    Pseudonyms dataset = under(1);
    assertThat(dataset.user("u48213"))
        .isEqualTo(under(1).user("u48213"))
        .matches("user_[a-z2-7]{12}");
    assertThat(dataset.user("u48213")).isNotEqualTo(under(2).user("u48213"));
    assertThat(dataset.post("u48213")).startsWith("post_").isNotEqualTo(dataset.user("u48213"));
  }

  /** HMAC-SHA-256 with a 32-byte zero key of "user\0u1", as RFC 4648 base32 in lower case. */
  @Test
  void thePseudonymIsTheHmacInBase32() throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
    byte[] h = mac.doFinal("user\0u1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    StringBuilder bits = new StringBuilder();
    for (byte b : h) {
      bits.append(String.format("%8s", Integer.toBinaryString(b & 0xff)).replace(' ', '0'));
    }
    StringBuilder expected = new StringBuilder("user_");
    for (int i = 0; i < 12; i++) {
      expected.append(
          "abcdefghijklmnopqrstuvwxyz234567"
              .charAt(Integer.parseInt(bits.substring(i * 5, i * 5 + 5), 2)));
    }
    assertThat(under(0).user("u1")).isEqualTo(expected.toString());
  }

  @Test
  void tenThousandIdsGetTenThousandPseudonyms() {
    Pseudonyms p = under(7);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(p.user("u" + i));
    }
    assertThat(seen).hasSize(10_000);
  }

  @Test
  void refusesAShortKeyAndAnEmptyId() {
    assertThatThrownBy(() -> Pseudonyms.hmacSha256(new byte[16]))
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> under(1).user("")).hasMessageContaining("empty user id");
  }
}

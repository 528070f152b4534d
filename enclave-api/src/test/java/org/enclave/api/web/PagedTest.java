package org.enclave.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.enclave.api.error.EnclaveException;
import org.junit.jupiter.api.Test;

class PagedTest {
  private static final List<Integer> SIXTY = IntStream.range(0, 60).boxed().toList();

  @Test
  void pagesHoldTwentyFiveRowsAndKeepTheFilter() {
    Paged<Integer> first = Paged.of(SIXTY, null, "q=x&");
    assertThat(first.items()).hasSize(25).startsWith(0).endsWith(24);
    assertThat(first.pages()).isEqualTo(3);
    assertThat(first.total()).isEqualTo(60);
    assertThat(first.hasPrevious()).isFalse();
    assertThat(first.hasNext()).isTrue();
    assertThat(first.query()).isEqualTo("q=x&");
    Paged<Integer> last = Paged.of(SIXTY, "3", "");
    assertThat(last.items()).containsExactlyElementsOf(SIXTY.subList(50, 60));
    assertThat(last.hasNext()).isFalse();
    assertThat(last.previous()).isEqualTo(2);
  }

  @Test
  void aPageBeyondTheEndShowsTheLastAndAnEmptyListHasOnePage() {
    assertThat(Paged.of(SIXTY, "99", "").page()).isEqualTo(3);
    assertThat(Paged.of(SIXTY, "0", "").page()).isEqualTo(1);
    Paged<Integer> none = Paged.of(List.of(), "2", "");
    assertThat(none.items()).isEmpty();
    assertThat(none.pages()).isEqualTo(1);
  }

  @Test
  void aPageThatIsNotANumberIsRefusedNamingTheField() {
    assertThatThrownBy(() -> Paged.of(SIXTY, "two", ""))
        .isInstanceOf(EnclaveException.class)
        .hasMessageContaining("page must be a page number");
  }
}

package org.enclave.api.broker.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class S3XmlTest {

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(Document d, String tag) {
    return d.getElementsByTagName(tag).item(0).getTextContent();
  }

  @Test
  void errorBodyHasCodeMessageResourceAndRequestId() throws Exception {
    Document d =
        parse(
            S3Xml.error(
                S3Error.NO_SUCH_KEY,
                "The specified key does not exist.",
                "/ds.v1/a&b<c>.txt",
                "ABCDEF0123456789",
                "ds.v1",
                "a&b<c>.txt"));
    assertThat(d.getDocumentElement().getTagName()).isEqualTo("Error");
    assertThat(text(d, "Code")).isEqualTo("NoSuchKey");
    assertThat(text(d, "Message")).isEqualTo("The specified key does not exist.");
    assertThat(text(d, "Key")).isEqualTo("a&b<c>.txt");
    assertThat(text(d, "BucketName")).isEqualTo("ds.v1");
    assertThat(text(d, "Resource")).isEqualTo("/ds.v1/a&b<c>.txt");
    assertThat(text(d, "RequestId")).isEqualTo("ABCDEF0123456789");
  }

  @Test
  void listingEncodesKeysWhenAskedTo() throws Exception {
    var entries = List.of(new S3Xml.Entry("a b/é.txt", 3, "\"abc\"", Instant.EPOCH));
    var page = ObjectListing.page(entries, "", null, null, 1000);
    var q = new S3Xml.ListQuery("ds.v1", "", null, 1000, true, null, null, null);
    Document d = parse(S3Xml.listObjectsV2(q, page));
    assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo(S3Xml.NS);
    assertThat(text(d, "Key")).isEqualTo("a%20b/%C3%A9.txt");
    assertThat(text(d, "EncodingType")).isEqualTo("url");
    assertThat(text(d, "KeyCount")).isEqualTo("1");
    assertThat(text(d, "LastModified")).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(text(d, "ETag")).isEqualTo("\"abc\"");
  }

  @Test
  void controlCharactersCannotBreakTheDocument() throws Exception {
    Document d = parse(S3Xml.error(S3Error.ACCESS_DENIED, "x\u0001y", "/", "r", null, null));
    assertThat(text(d, "Message")).isEqualTo("x\uFFFDy");
  }
}

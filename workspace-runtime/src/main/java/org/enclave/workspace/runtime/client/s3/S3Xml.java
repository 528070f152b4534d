package org.enclave.workspace.runtime.client.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.enclave.workspace.runtime.client.Dataset;
import org.enclave.workspace.runtime.client.EnclaveException;
import org.enclave.workspace.runtime.client.ObjectInfo;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the S3 XML answers the client needs: ListAllMyBucketsResult, ListBucketResult (v2) and
 * Error. No DTDs, no external entities. Anything malformed is an {@link EnclaveException} that
 * names the answer and what is wrong with it.
 */
public final class S3Xml {
  /** What an S3 error body says; fields the body lacks are {@code null}. */
  public record ErrorBody(String code, String message, String requestId) {}

  private S3Xml() {}

  /** The buckets of a ListBuckets answer, in the order sent. */
  public static List<Dataset> buckets(InputStream xml) {
    Element root = parse(xml, "ListAllMyBucketsResult", "the list of datasets");
    List<Dataset> out = new ArrayList<>();
    Element buckets = child(root, "Buckets");
    if (buckets == null) {
      return out;
    }
    for (Element b : children(buckets, "Bucket")) {
      String name = requiredText(b, "Name", "the list of datasets");
      String created = text(b, "CreationDate");
      out.add(new Dataset(name, created == null ? null : instant(created, "the list of datasets")));
    }
    return out;
  }

  /** One page of a ListObjectsV2 answer. */
  public static ListPage listPage(InputStream xml, String bucket) {
    String what = "the listing of " + bucket;
    Element root = parse(xml, "ListBucketResult", what);
    List<ObjectInfo> objects = new ArrayList<>();
    for (Element c : children(root, "Contents")) {
      String key = requiredText(c, "Key", what);
      String size = requiredText(c, "Size", what);
      long bytes;
      try {
        bytes = Long.parseLong(size.strip());
      } catch (NumberFormatException e) {
        throw new EnclaveException(what + " has a Size that is not a number: '" + size + "'");
      }
      if (bytes < 0) {
        throw new EnclaveException(what + " has a negative Size for " + key);
      }
      String modified = text(c, "LastModified");
      String etag = text(c, "ETag");
      objects.add(
          new ObjectInfo(
              key, bytes, modified == null ? null : instant(modified, what), unquote(etag)));
    }
    List<String> prefixes = new ArrayList<>();
    for (Element p : children(root, "CommonPrefixes")) {
      prefixes.add(requiredText(p, "Prefix", what));
    }
    String truncatedText = text(root, "IsTruncated");
    boolean truncated;
    if (truncatedText == null || truncatedText.strip().equals("false")) {
      truncated = false;
    } else if (truncatedText.strip().equals("true")) {
      truncated = true;
    } else {
      throw new EnclaveException(what + " has an IsTruncated that is not true or false");
    }
    String token = text(root, "NextContinuationToken");
    if (truncated && (token == null || token.isEmpty())) {
      throw new EnclaveException(what + " is truncated but has no NextContinuationToken");
    }
    return new ListPage(objects, prefixes, truncated, token);
  }

  /** The fields of an {@code <Error>} body, or {@code null} if the body is not one. */
  public static ErrorBody error(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      Element root = parse(new ByteArrayInputStream(body), "Error", "the error");
      return new ErrorBody(text(root, "Code"), text(root, "Message"), text(root, "RequestId"));
    } catch (EnclaveException e) {
      return null;
    }
  }

  static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    String t = etag.strip();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static Instant instant(String value, String what) {
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new EnclaveException(what + " has a date that is not ISO 8601: '" + value + "'");
    }
  }

  private static Element parse(InputStream xml, String rootName, String what) {
    Document doc;
    try {
      DocumentBuilder builder = factory().newDocumentBuilder();
      builder.setErrorHandler(SILENT);
      doc = builder.parse(xml);
    } catch (SAXParseException e) {
      throw new EnclaveException(
          what
              + " from the data broker is not valid XML (line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + "): "
              + e.getMessage(),
          e);
    } catch (SAXException e) {
      throw new EnclaveException(
          what + " from the data broker is not valid XML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EnclaveException("could not read " + what + " from the data broker: " + e, e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be configured securely", e);
    }
    Element root = doc.getDocumentElement();
    if (!rootName.equals(root.getLocalName() != null ? root.getLocalName() : root.getTagName())) {
      throw new EnclaveException(
          what
              + " from the data broker is <"
              + root.getTagName()
              + ">, expected <"
              + rootName
              + ">");
    }
    return root;
  }

  private static DocumentBuilderFactory factory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    return f;
  }

  private static final ErrorHandler SILENT =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  private static String name(Node n) {
    return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(name(n))) {
        out.add((Element) n);
      }
    }
    return out;
  }

  private static Element child(Element parent, String name) {
    List<Element> all = children(parent, name);
    return all.isEmpty() ? null : all.get(0);
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent();
  }

  private static String requiredText(Element parent, String name, String what) {
    String t = text(parent, name);
    if (t == null) {
      throw new EnclaveException(
          what + " from the data broker has a <" + name(parent) + "> without <" + name + ">");
    }
    return t;
  }
}

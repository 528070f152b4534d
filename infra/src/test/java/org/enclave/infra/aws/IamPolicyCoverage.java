package org.enclave.infra.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Checks that the control plane's IAM policy ({@code terraform/policies/control-plane.json}) allows
 * every AWS operation the adapters call. Every SDK client built in this module's tests carries
 * {@link Recorder} (registered as a global interceptor in the test resources); a test class of an
 * AWS adapter is annotated {@code @ExtendWith(IamPolicyCoverage.class)} and, after its tests, fails
 * if any operation they made the adapter call is not allowed by the policy.
 */
public final class IamPolicyCoverage implements BeforeAllCallback, AfterAllCallback {
  /** Where the policy is, from this module's directory. */
  public static final Path POLICY = Path.of("..", "terraform", "policies", "control-plane.json");

  private static final Set<String> CALLED = ConcurrentHashMap.newKeySet();

  /** S3 operations authorized under another action's name. */
  private static final Map<String, String> S3_ACTIONS =
      Map.ofEntries(
          Map.entry("HeadObject", "s3:GetObject"),
          Map.entry("ListObjectsV2", "s3:ListBucket"),
          Map.entry("ListObjects", "s3:ListBucket"),
          Map.entry("CreateMultipartUpload", "s3:PutObject"),
          Map.entry("UploadPart", "s3:PutObject"),
          Map.entry("CompleteMultipartUpload", "s3:PutObject"),
          Map.entry("ListParts", "s3:ListMultipartUploadParts"),
          Map.entry("ListMultipartUploads", "s3:ListBucketMultipartUploads"),
          Map.entry("DeleteObjects", "s3:DeleteObject"),
          // An in-place copy reads the object (s3:GetObject, allowed alongside) and writes it.
          Map.entry("CopyObject", "s3:PutObject"));

  /** Operations that need no permission. */
  private static final Set<String> UNAUTHORIZED = Set.of("sts:GetCallerIdentity");

  /** Records the service and operation of every SDK call. */
  public static final class Recorder implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      if (service != null && operation != null) {
        CALLED.add(service + ":" + operation);
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    CALLED.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Set<String> called = new TreeSet<>(CALLED);
    if (called.isEmpty()) {
      throw new AssertionError("no AWS operation was recorded: is the global interceptor there?");
    }
    List<String> allowed = allowedActions(POLICY);
    List<String> missing = new ArrayList<>();
    for (String call : called) {
      String action = iamAction(call);
      if (!UNAUTHORIZED.contains(action) && allowed.stream().noneMatch(a -> matches(a, action))) {
        missing.add(call + " (" + action + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new AssertionError(
          "the control plane's IAM policy "
              + POLICY
              + " does not allow what the adapter calls: "
              + missing);
    }
  }

  /** The IAM action of an SDK call named {@code <service name>:<operation>}. */
  public static String iamAction(String call) {
    int colon = call.indexOf(':');
    String service = call.substring(0, colon).toLowerCase(Locale.ROOT);
    String operation = call.substring(colon + 1);
    if (service.equals("s3")) {
      return S3_ACTIONS.getOrDefault(operation, "s3:" + operation);
    }
    return service + ":" + operation;
  }

  /** Every action an {@code Allow} statement of the policy names. */
  public static List<String> allowedActions(Path policy) {
    JsonNode root;
    try {
      root = JsonNodeParser.create().parse(Files.readString(policy));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> actions = new ArrayList<>();
    for (JsonNode statement : root.field("Statement").orElseThrow().asArray()) {
      if (!statement.field("Effect").map(JsonNode::text).orElse("").equals("Allow")) {
        continue;
      }
      JsonNode action = statement.field("Action").orElseThrow();
      if (action.isArray()) {
        action.asArray().forEach(a -> actions.add(a.text()));
      } else {
        actions.add(action.text());
      }
    }
    return actions;
  }

  /** Whether an IAM action pattern ({@code kms:ReEncrypt*}) covers {@code action}. */
  public static boolean matches(String pattern, String action) {
    String regex =
        Pattern.quote(pattern.toLowerCase(Locale.ROOT))
            .replace("*", "\\E.*\\Q")
            .replace("?", "\\E.\\Q");
    return action.toLowerCase(Locale.ROOT).matches(regex);
  }
}

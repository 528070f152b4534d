package org.enclave.infra.aws.ec2;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * A stateful stand-in for the EC2 Query API behind the SDK: parses the form bodies, records them,
 * keeps instances and answers in EC2's XML. Scriptable: errors for the next calls of an action, how
 * many describes an instance stays pending.
 */
public final class Ec2Stub implements SdkHttpClient {

  static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

  /** One instance as EC2 keeps it. */
  static final class Inst {
    final String id;
    final Map<String, String> tags;
    final String ip;
    final List<String> volumes;
    final String clientToken;
    String state = "pending";
    int pendingDescribes;
    String userData;
    Instant launchTime;

    Inst(String id, Map<String, String> tags, String ip, List<String> volumes, String token) {
      this.id = id;
      this.tags = tags;
      this.ip = ip;
      this.volumes = volumes;
      this.clientToken = token;
    }
  }

  private record Failure(String code, int status, boolean connection) {}

  final List<Map<String, String>> requests = new ArrayList<>();
  final Map<String, Inst> instances = new LinkedHashMap<>();
  private final Map<String, Deque<Failure>> failures = new HashMap<>();
  private final Supplier<Instant> now;
  int describesUntilRunning = 1;
  int pageSize = 100;
  private int counter;

  /** The private address of the n-th launched instance; the VPC's addresses by default. */
  private java.util.function.IntFunction<String> addresses =
      n -> "10.20." + (n / 250) + "." + (n % 250 + 4);

  public Ec2Stub(Supplier<Instant> now) {
    this.now = now;
  }

  /** Launched instances get their private address from {@code addresses} (counting from 1). */
  public synchronized void addresses(java.util.function.IntFunction<String> addresses) {
    this.addresses = addresses;
  }

  /**
   * The user data of the workspace's instance that is not terminated, as the instance's metadata
   * service would serve it; empty before its launch.
   */
  public synchronized Optional<String> userData(String workspaceId) {
    return instances.values().stream()
        .filter(i -> !"terminated".equals(i.state))
        .filter(i -> workspaceId.equals(i.tags.get("enclave:workspace")))
        .map(i -> i.userData)
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  /** The next {@code times} calls of {@code action} fail with {@code code} and {@code status}. */
  void fail(String action, int times, String code, int status) {
    for (int i = 0; i < times; i++) {
      failures
          .computeIfAbsent(action, a -> new ArrayDeque<>())
          .add(new Failure(code, status, false));
    }
  }

  /** The next {@code times} calls of {@code action} fail to connect. */
  void failConnection(String action, int times) {
    for (int i = 0; i < times; i++) {
      failures.computeIfAbsent(action, a -> new ArrayDeque<>()).add(new Failure(null, 0, true));
    }
  }

  /** The form bodies of the calls of {@code action}, in order. */
  public List<Map<String, String>> calls(String action) {
    synchronized (this) {
      return requests.stream().filter(r -> action.equals(r.get("Action"))).toList();
    }
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        Map<String, String> form = parse(request);
        Failure failure;
        synchronized (Ec2Stub.this) {
          requests.add(form);
          Deque<Failure> queue = failures.get(form.get("Action"));
          failure = queue == null ? null : queue.poll();
        }
        if (failure != null && failure.connection()) {
          throw new IOException("connection refused (stub)");
        }
        if (failure != null) {
          return respond(failure.status(), error(failure.code(), "scripted " + failure.code()));
        }
        synchronized (Ec2Stub.this) {
          return handle(form);
        }
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {}

  private static Map<String, String> parse(HttpExecuteRequest request) {
    String body;
    try (InputStream in = request.contentStreamProvider().orElseThrow().newStream()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private HttpExecuteResponse handle(Map<String, String> form) {
    String action = form.get("Action");
    return switch (action) {
      case "RunInstances" -> run(form);
      case "DescribeInstances" -> describe(form);
      case "StartInstances" -> transition(form, "pending", action);
      case "StopInstances" -> transition(form, "stopping", action);
      case "TerminateInstances" -> transition(form, "terminated", action);
      case "ModifyInstanceAttribute" -> modify(form);
      default -> respond(400, error("InvalidAction", "no " + action));
    };
  }

  private HttpExecuteResponse run(Map<String, String> form) {
    String token = form.get("ClientToken");
    Inst inst =
        instances.values().stream()
            .filter(i -> token != null && token.equals(i.clientToken))
            .findFirst()
            .orElse(null);
    if (inst == null) {
      counter++;
      Map<String, String> tags = new LinkedHashMap<>();
      for (int t = 1; form.containsKey("TagSpecification.1.Tag." + t + ".Key"); t++) {
        tags.put(
            form.get("TagSpecification.1.Tag." + t + ".Key"),
            form.get("TagSpecification.1.Tag." + t + ".Value"));
      }
      inst =
          new Inst(
              String.format("i-%017x", counter),
              tags,
              addresses.apply(counter),
              List.of(String.format("vol-r%016x", counter), String.format("vol-h%016x", counter)),
              token);
      inst.userData = decode(form.get("UserData"));
      inst.pendingDescribes = describesUntilRunning;
      inst.launchTime = now.get();
      instances.put(inst.id, inst);
    }
    return respond(
        200,
        "<RunInstancesResponse xmlns=\""
            + NS
            + "\"><requestId>req-run</requestId>"
            + "<reservationId>r-1</reservationId><ownerId>123456789012</ownerId><groupSet/>"
            + "<instancesSet>"
            + item(inst)
            + "</instancesSet></RunInstancesResponse>");
  }

  private HttpExecuteResponse describe(Map<String, String> form) {
    List<String> ids = indexed(form, "InstanceId.");
    for (String id : ids) {
      if (!instances.containsKey(id)) {
        return respond(
            400,
            error("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist"));
      }
    }
    Map<String, String> filters = new HashMap<>();
    for (int f = 1; form.containsKey("Filter." + f + ".Name"); f++) {
      filters.put(form.get("Filter." + f + ".Name"), form.get("Filter." + f + ".Value.1"));
    }
    List<Inst> matching =
        instances.values().stream()
            .filter(i -> ids.isEmpty() || ids.contains(i.id))
            .filter(
                i ->
                    filters.entrySet().stream()
                        .allMatch(
                            e ->
                                e.getKey().startsWith("tag:")
                                    && e.getValue().equals(i.tags.get(e.getKey().substring(4)))))
            .toList();
    int from = form.containsKey("NextToken") ? Integer.parseInt(form.get("NextToken")) : 0;
    int to = Math.min(matching.size(), from + pageSize);
    StringBuilder xml =
        new StringBuilder(
            "<DescribeInstancesResponse xmlns=\""
                + NS
                + "\"><requestId>req-d</requestId><reservationSet>");
    for (Inst inst : matching.subList(from, to)) {
      advance(inst);
      xml.append("<item><reservationId>r-")
          .append(inst.id)
          .append("</reservationId><ownerId>123456789012</ownerId>")
          .append("<groupSet/><instancesSet>")
          .append(item(inst))
          .append("</instancesSet></item>");
    }
    xml.append("</reservationSet>");
    if (to < matching.size()) {
      xml.append("<nextToken>").append(to).append("</nextToken>");
    }
    return respond(200, xml.append("</DescribeInstancesResponse>").toString());
  }

  private void advance(Inst inst) {
    if ("pending".equals(inst.state) && --inst.pendingDescribes <= 0) {
      inst.state = "running";
    } else if ("stopping".equals(inst.state)) {
      inst.state = "stopped";
    }
  }

  private HttpExecuteResponse transition(Map<String, String> form, String to, String action) {
    StringBuilder items = new StringBuilder();
    for (String id : indexed(form, "InstanceId.")) {
      Inst inst = instances.get(id);
      if (inst == null) {
        return respond(
            400,
            error("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist"));
      }
      String previous = inst.state;
      if ("pending".equals(to)) {
        if (!"stopped".equals(previous)) {
          return respond(400, error("IncorrectInstanceState", "not stopped"));
        }
        inst.pendingDescribes = describesUntilRunning;
        inst.launchTime = now.get();
      }
      inst.state = to;
      items
          .append("<item><instanceId>")
          .append(id)
          .append("</instanceId><currentState>")
          .append(state(to))
          .append("</currentState><previousState>")
          .append(state(previous))
          .append("</previousState></item>");
    }
    String name = action + "Response";
    return respond(
        200,
        "<"
            + name
            + " xmlns=\""
            + NS
            + "\"><requestId>req-t</requestId><instancesSet>"
            + items
            + "</instancesSet></"
            + name
            + ">");
  }

  private HttpExecuteResponse modify(Map<String, String> form) {
    Inst inst = instances.get(form.get("InstanceId"));
    if (inst == null || !"stopped".equals(inst.state)) {
      return respond(400, error("IncorrectInstanceState", "the instance must be stopped"));
    }
    inst.userData = decode(form.get("UserData.Value"));
    return respond(
        200,
        "<ModifyInstanceAttributeResponse xmlns=\""
            + NS
            + "\"><requestId>req-m</requestId>"
            + "<return>true</return></ModifyInstanceAttributeResponse>");
  }

  private static List<String> indexed(Map<String, String> form, String prefix) {
    List<String> values = new ArrayList<>();
    for (int n = 1; form.containsKey(prefix + n); n++) {
      values.add(form.get(prefix + n));
    }
    return values;
  }

  private static String decode(String base64) {
    return base64 == null
        ? null
        : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String item(Inst inst) {
    StringBuilder tags = new StringBuilder();
    inst.tags.forEach(
        (k, v) ->
            tags.append("<item><key>")
                .append(k)
                .append("</key><value>")
                .append(v)
                .append("</value></item>"));
    boolean hasIp = !"terminated".equals(inst.state);
    return "<item><instanceId>"
        + inst.id
        + "</instanceId><imageId>ami-0123</imageId><instanceState>"
        + state(inst.state)
        + "</instanceState>"
        + (hasIp ? "<privateIpAddress>" + inst.ip + "</privateIpAddress>" : "")
        + "<instanceType>m7i.large</instanceType><launchTime>"
        + inst.launchTime
        + "</launchTime>"
        + "<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>"
        + inst.volumes.get(0)
        + "</volumeId></ebs></item><item><deviceName>/dev/sdf</deviceName><ebs><volumeId>"
        + inst.volumes.get(1)
        + "</volumeId></ebs></item></blockDeviceMapping>"
        + "<tagSet>"
        + tags
        + "</tagSet></item>";
  }

  private static String state(String name) {
    int code =
        switch (name) {
          case "pending" -> 0;
          case "running" -> 16;
          case "shutting-down" -> 32;
          case "terminated" -> 48;
          case "stopping" -> 64;
          default -> 80;
        };
    return "<code>" + code + "</code><name>" + name + "</name>";
  }

  private static String error(String code, String message) {
    return "<Response><Errors><Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error></Errors><RequestID>req-err</RequestID></Response>";
  }

  private static HttpExecuteResponse respond(int status, String xml) {
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    return HttpExecuteResponse.builder()
        .response(
            SdkHttpResponse.builder()
                .statusCode(status)
                .putHeader("Content-Type", "text/xml;charset=UTF-8")
                .putHeader("Content-Length", String.valueOf(bytes.length))
                .build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
        .build();
  }
}

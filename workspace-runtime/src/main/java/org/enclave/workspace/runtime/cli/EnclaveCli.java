package org.enclave.workspace.runtime.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.enclave.workspace.runtime.client.Dataset;
import org.enclave.workspace.runtime.client.EnclaveClient;
import org.enclave.workspace.runtime.client.EnclaveEnvironment;
import org.enclave.workspace.runtime.client.EnclaveException;
import org.enclave.workspace.runtime.client.Listing;
import org.enclave.workspace.runtime.client.ObjectInfo;
import org.enclave.workspace.runtime.client.tasks.SubmissionResult;

/**
 * The {@code enclave} command inside a workspace: the same client as the kernel's {@code enclave}
 * variable. Exit status 0 on success, 1 when a request fails (the reason on standard error), 2 on a
 * usage error.
 */
public final class EnclaveCli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  /** One sub-command: its arguments, what it does, and how. New commands are one entry here. */
  private record Command(String args, String help, int minArgs, int maxArgs, Action action) {}

  @FunctionalInterface
  private interface Action {
    int run(EnclaveClient client, List<String> args, Output out) throws IOException;
  }

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put(
        "datasets",
        new Command(
            "", "list the dataset versions this workspace may read", 0, 0, EnclaveCli::datasets));
    COMMANDS.put(
        "ls",
        new Command(
            "BUCKET [PREFIX]",
            "list the folders and files of a dataset version, one level (or BUCKET/PREFIX)",
            1,
            2,
            EnclaveCli::ls));
    COMMANDS.put(
        "cat",
        new Command(
            "BUCKET KEY",
            "write a file to standard output (or BUCKET/KEY)",
            1,
            2,
            EnclaveCli::cat));
    COMMANDS.put(
        "submit",
        new Command(
            "TASK FILE [--format tsv|json]",
            "submit predictions to a shared task; prints the scores or every problem",
            2,
            4,
            EnclaveCli::submit));
    COMMANDS.put(
        "export",
        new Command(
            "request FILE... --justification TEXT | list | withdraw ID",
            "ask for files of the home to leave through the reviewed export",
            1,
            Integer.MAX_VALUE,
            EnclaveCli::export));
  }

  private final PrintStream err;
  private final OutputStream rawOut;
  private final Function<Map<String, String>, EnclaveClient> clients;
  private final Map<String, String> env;

  EnclaveCli(
      OutputStream out,
      PrintStream err,
      Map<String, String> env,
      Function<Map<String, String>, EnclaveClient> clients) {
    this.rawOut = out;
    this.err = err;
    this.env = env;
    this.clients = clients;
  }

  public static void main(String[] args) {
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int status =
        new EnclaveCli(
                out, err, System.getenv(), e -> new EnclaveClient(EnclaveEnvironment.from(e)))
            .run(args);
    System.exit(status);
  }

  int run(String[] argv) {
    List<String> args = Arrays.asList(argv);
    if (args.isEmpty()) {
      usage(err);
      return USAGE;
    }
    String name = args.get(0);
    if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
      Output out = new Output(rawOut);
      usage(out.text);
      out.text.flush();
      return OK;
    }
    Command command = COMMANDS.get(name);
    if (command == null) {
      err.println("enclave: unknown command '" + name + "'");
      usage(err);
      return USAGE;
    }
    List<String> rest = args.subList(1, args.size());
    if (rest.size() < command.minArgs() || rest.size() > command.maxArgs()) {
      err.println("usage: enclave " + name + " " + command.args());
      return USAGE;
    }
    Output out = new Output(rawOut);
    try {
      EnclaveClient client = clients.apply(env);
      int status = command.action().run(client, rest, out);
      out.text.flush();
      if (out.text.checkError() && !out.closedByReader) {
        err.println("enclave: could not write the output");
        return FAILED;
      }
      return status;
    } catch (OutputClosed e) {
      // The reader went away (e.g. "| head"): not an error of ours.
      return OK;
    } catch (EnclaveException | UncheckedIOException | IOException e) {
      err.println("enclave: " + e.getMessage());
      return FAILED;
    } catch (IllegalArgumentException e) {
      err.println("enclave: " + e.getMessage());
      return USAGE;
    }
  }

  static void usage(PrintStream out) {
    out.println("usage: enclave <command> [arguments]");
    out.println();
    out.println(
        "Reads the datasets granted to this workspace through the data broker, and submits");
    out.println("predictions to shared tasks; every read and submission is checked against the");
    out.println("team's grant and recorded in the audit log.");
    out.println();
    out.println("commands:");
    for (Map.Entry<String, Command> c : COMMANDS.entrySet()) {
      String usage = (c.getKey() + " " + c.getValue().args()).strip();
      out.printf("  %-22s %s%n", usage, c.getValue().help());
    }
    out.printf("  %-22s %s%n", "help", "show this help");
    out.println();
    out.println(
        "A BUCKET is a dataset version, <dataset>.<version>; a KEY is a file's path in it.");
  }

  private static int datasets(EnclaveClient client, List<String> args, Output out) {
    List<Dataset> datasets = client.datasets();
    if (datasets.isEmpty()) {
      out.text.println("(no datasets: this workspace's team holds no live grant)");
      return OK;
    }
    int width =
        Math.max(
            "BUCKET".length(),
            datasets.stream().mapToInt(d -> d.bucket().length()).max().orElse(0));
    out.text.printf("%-" + width + "s  %s%n", "BUCKET", "CREATED");
    for (Dataset d : datasets) {
      out.text.printf("%-" + width + "s  %s%n", d.bucket(), time(d.created()));
    }
    return OK;
  }

  /**
   * Where a command points: {@code BUCKET [PATH]} as two arguments, or one {@code BUCKET/PATH}
   * (also {@code s3://BUCKET/PATH}), as {@code aws s3 ls} takes it. A bucket name has no '/'.
   */
  record Location(String bucket, String path) {
    static Location of(List<String> args) {
      String first = args.get(0);
      if (first.startsWith("s3://")) {
        first = first.substring("s3://".length());
      }
      int slash = first.indexOf('/');
      if (slash < 0) {
        return new Location(first, args.size() > 1 ? args.get(1) : null);
      }
      if (args.size() > 1) {
        throw new IllegalArgumentException(
            "give BUCKET PATH or BUCKET/PATH, not both: '" + args.get(0) + "' has a '/'");
      }
      String path = first.substring(slash + 1);
      return new Location(first.substring(0, slash), path.isEmpty() ? null : path);
    }
  }

  private static int ls(EnclaveClient client, List<String> args, Output out) {
    Location at = Location.of(args);
    String prefix = at.path();
    Listing listing = client.browse(at.bucket(), prefix);
    if (prefix != null
        && !prefix.endsWith("/")
        && listing.files().isEmpty()
        && listing.folders().equals(List.of(prefix + "/"))) {
      // "ls bucket train" lists the folder train/, as a shell would.
      listing = client.browse(at.bucket(), prefix + "/");
    }
    int sizeWidth =
        listing.files().stream().mapToInt(f -> Long.toString(f.size()).length()).max().orElse(1);
    for (String folder : listing.folders()) {
      out.text.printf("%20s  %" + sizeWidth + "s  %s%n", "", "PRE", folder);
    }
    for (ObjectInfo f : listing.files()) {
      out.text.printf(
          "%-20s  %" + sizeWidth + "d  %s%n", time(f.lastModified()), f.size(), f.key());
    }
    return OK;
  }

  private static int cat(EnclaveClient client, List<String> args, Output out) throws IOException {
    Location at = Location.of(args);
    if (at.path() == null) {
      throw new IllegalArgumentException("usage: enclave cat BUCKET KEY (or BUCKET/KEY)");
    }
    try (InputStream in = client.open(at.bucket(), at.path())) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, n);
      }
    }
    return OK;
  }

  private static int submit(EnclaveClient client, List<String> args, Output out) {
    String format = null;
    List<String> positional = new java.util.ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--format")) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("--format needs a value: tsv or json");
        }
        format = args.get(++i);
        if (!format.equals("tsv") && !format.equals("json")) {
          throw new IllegalArgumentException("--format must be tsv or json, not " + format);
        }
      } else if (a.startsWith("--format=")) {
        format = a.substring("--format=".length());
      } else {
        positional.add(a);
      }
    }
    if (positional.size() != 2) {
      throw new IllegalArgumentException("usage: enclave submit TASK FILE [--format tsv|json]");
    }
    SubmissionResult result = client.submit(positional.get(0), positional.get(1), format);
    if (result.accepted()) {
      out.text.print(result.summary());
      return OK;
    }
    out.text.flush();
    throw new EnclaveException(result.summary().strip());
  }

  private static int export(EnclaveClient client, List<String> args, Output out) {
    String usage =
        "usage: enclave export request FILE... --justification TEXT [--resubmits ID]"
            + " | enclave export list"
            + " | enclave export withdraw ID";
    switch (args.get(0)) {
      case "request" -> {
        String justification = null;
        String resubmits = null;
        List<String> files = new java.util.ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
          String a = args.get(i);
          if (a.equals("--justification")) {
            if (i + 1 >= args.size()) {
              throw new IllegalArgumentException("--justification needs the text");
            }
            justification = args.get(++i);
          } else if (a.startsWith("--justification=")) {
            justification = a.substring("--justification=".length());
          } else if (a.equals("--resubmits")) {
            if (i + 1 >= args.size()) {
              throw new IllegalArgumentException("--resubmits needs the returned request's id");
            }
            resubmits = args.get(++i);
          } else if (a.startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + a + "; " + usage);
          } else {
            files.add(a);
          }
        }
        if (files.isEmpty()) {
          throw new IllegalArgumentException(usage);
        }
        Map<String, Object> r = client.export(files, justification, resubmits);
        out.text.println("export request " + r.get("id") + " is " + r.get("state"));
        printFiles(r, out);
        printFindings(r, out);
        out.text.println(
            "Nothing leaves until two reviewers who are not on the team approve it;"
                + " follow it with: enclave export list");
        return OK;
      }
      case "list" -> {
        if (args.size() != 1) {
          throw new IllegalArgumentException(usage);
        }
        List<Map<String, Object>> requests = client.exports();
        if (requests.isEmpty()) {
          out.text.println("(the team has no export requests)");
        }
        for (Map<String, Object> r : requests) {
          out.text.println(
              r.get("id")
                  + "  "
                  + r.get("state")
                  + "  "
                  + r.get("createdAt")
                  + "  "
                  + r.get("author"));
          printFiles(r, out);
        }
        return OK;
      }
      case "withdraw" -> {
        if (args.size() != 2) {
          throw new IllegalArgumentException(usage);
        }
        Map<String, Object> r = client.withdrawExport(args.get(1));
        out.text.println("export request " + r.get("id") + " is " + r.get("state"));
        return OK;
      }
      default -> throw new IllegalArgumentException(usage);
    }
  }

  private static void printFiles(Map<String, Object> request, Output out) {
    if (request.get("files") instanceof List<?> files) {
      for (Object f : files) {
        if (f instanceof Map<?, ?> m) {
          out.text.println(
              "  " + m.get("sha256") + "  " + m.get("sizeBytes") + "  " + m.get("name"));
        }
      }
    }
  }

  /** What the checks found, counted by rule; reviewers see each finding. */
  private static void printFindings(Map<String, Object> request, Output out) {
    if (!(request.get("findings") instanceof List<?> findings) || findings.isEmpty()) {
      return;
    }
    java.util.Map<String, Integer> byRule = new java.util.TreeMap<>();
    for (Object f : findings) {
      if (f instanceof Map<?, ?> m) {
        byRule.merge(String.valueOf(m.get("rule")), 1, Integer::sum);
      }
    }
    StringBuilder line = new StringBuilder("the checks found ");
    byRule.forEach(
        (rule, n) ->
            line.append(line.length() > 17 ? ", " : "").append(n).append(' ').append(rule));
    out.text.println(line + "; reviewers see where each is");
  }

  private static String time(Instant t) {
    return t == null ? "-" : t.toString();
  }

  /** Standard output; a write failure means the reader has gone. */
  private static final class Output {
    final OutputStream raw;
    final PrintStream text;
    boolean closedByReader;

    Output(OutputStream raw) {
      this.raw = raw;
      this.text = new PrintStream(raw, false, StandardCharsets.UTF_8);
    }

    void write(byte[] buf, int n) {
      try {
        raw.write(buf, 0, n);
      } catch (IOException e) {
        closedByReader = true;
        throw new OutputClosed();
      }
    }
  }

  private static final class OutputClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutputClosed() {
      super(null, null, false, false);
    }
  }
}

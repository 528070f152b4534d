package org.enclave.audit.verify;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.enclave.audit.note.Checkpoint;
import org.enclave.audit.note.NoteKeyException;
import org.enclave.audit.note.NoteVerifier;

/**
 * The audit log verifier CLI, {@code java -jar enclave-audit-verifier.jar}: {@code verify} checks a
 * dump or the live API against the log's verifier key, {@code dump} writes a dump from PostgreSQL.
 * See {@link #USAGE}.
 */
public final class VerifierMain {

  /** Exit code: the log verified. */
  public static final int OK = 0;

  /** Exit code: the log failed verification. */
  public static final int FAILED = 1;

  /** Exit code: bad usage or unreadable input; nothing is known about the log. */
  public static final int ERROR = 2;

  static final String USAGE =
      """
      Enclave audit log verifier

      Usage:
        java -jar enclave-audit-verifier.jar verify (--key KEY | --key-file FILE) [options] SOURCE
        java -jar enclave-audit-verifier.jar dump --jdbc-url URL [--user USER] [--password PASSWORD]
            [--out FILE]
        java -jar enclave-audit-verifier.jar help

      verify: recomputes the log's Merkle tree from its entries and checks that the indices are
      contiguous, that stored leaf and subtree hashes match the entries, that every checkpoint is
      signed by the key and matches the entries, and that no signed entry is missing. Prints a
      report ending in OK, or the first failure as "FAIL at index N: reason".
        SOURCE            a dump file (JSON Lines), or the API base URL such as
                          http://localhost:8080/api/v1
        --key KEY         the log's verifier key, name+keyid+base64
        --key-file FILE   a file holding the verifier key
        --anchor FILE     the external anchor file (such as .enclave/audit/checkpoints.log):
                          every checkpoint in it must be signed by the key, and the log must
                          hold its entries and match its root; a mismatch means the database
                          was rewritten after the checkpoint was anchored
        --token TOKEN     bearer token for the API (default: $ENCLAVE_TOKEN, which keeps it out
                          of the process list)
        --page-size N     entries per API request (default 1000)
        --json            print the result as one JSON object

      dump: writes the audit log tables of a PostgreSQL database as a dump file, from one snapshot.
        --jdbc-url URL    such as jdbc:postgresql://localhost:5432/enclave
        --user USER       database user
        --password PASS   database password (default: $PGPASSWORD)
        --out FILE        the dump file (default: standard output)

      Exit codes: 0 the log verified, 1 verification failed, 2 usage or input error (unreadable
      file, malformed dump or anchor file, bad key, HTTP error, database error).
      """;

  private static final int DEFAULT_PAGE_SIZE = 1000;
  private static final int MAX_PAGE_SIZE = 100_000;

  private VerifierMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /**
   * Runs one command.
   *
   * @param env the environment ({@code ENCLAVE_TOKEN}, {@code PGPASSWORD})
   * @return the exit code: {@link #OK}, {@link #FAILED} or {@link #ERROR}
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    if (args.length == 0) {
      err.print(USAGE);
      return ERROR;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    switch (command) {
      case "help", "--help", "-h" -> {
        out.print(USAGE);
        return OK;
      }
      case "verify" -> {
        return verify(rest, out, err, env);
      }
      case "dump" -> {
        return dump(rest, out, err, env);
      }
      default -> {
        err.println("error: unknown command " + command + "; run with --help for usage");
        return ERROR;
      }
    }
  }

  private static int verify(
      List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
    boolean json = args.contains("--json");
    String source = null;
    try {
      Options options =
          Options.parse(
              args,
              Set.of("--key", "--key-file", "--anchor", "--token", "--page-size"),
              Set.of("--json"));
      if (options.positional().size() != 1) {
        throw new InputException("give one SOURCE: a dump file or the API base URL");
      }
      source = options.positional().get(0);
      NoteVerifier key = key(options);
      String anchor = options.value("--anchor").orElse(null);
      List<Checkpoint> anchored =
          anchor == null ? List.of() : AnchorFile.open(Path.of(anchor), key);
      VerificationSummary summary;
      if (source.startsWith("http://") || source.startsWith("https://")) {
        String token = options.value("--token").orElse(env.get("ENCLAVE_TOKEN"));
        summary =
            ApiVerification.verify(new LogApi(source, token), key, anchored, pageSize(options));
      } else {
        summary = DumpFileVerification.verify(Path.of(source), key, anchored);
      }
      out.println(
          json
              ? Report.json(summary, key, source, anchor)
              : Report.text(summary, key, source, anchor));
      return OK;
    } catch (VerificationException e) {
      out.println(json ? Report.failureJson(e, source) : e.line());
      return FAILED;
    } catch (InputException e) {
      if (json) {
        out.println(Report.errorJson(e.getMessage()));
      } else {
        err.println("error: " + e.getMessage());
      }
      return ERROR;
    }
  }

  private static NoteVerifier key(Options options) throws InputException {
    String key;
    if (options.value("--key").isPresent() == options.value("--key-file").isPresent()) {
      throw new InputException("give the log's verifier key with --key or --key-file");
    } else if (options.value("--key").isPresent()) {
      key = options.value("--key").get();
    } else {
      Path file = Path.of(options.value("--key-file").get());
      try {
        key = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new InputException("cannot read the key file " + file, e);
      }
    }
    try {
      return NoteVerifier.parse(key);
    } catch (NoteKeyException e) {
      throw new InputException("bad verifier key: " + e.getMessage());
    }
  }

  private static int pageSize(Options options) throws InputException {
    String value = options.value("--page-size").orElse(String.valueOf(DEFAULT_PAGE_SIZE));
    try {
      int size = Integer.parseInt(value);
      if (size >= 1 && size <= MAX_PAGE_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InputException("--page-size must be a number from 1 to " + MAX_PAGE_SIZE);
  }

  private static int dump(
      List<String> args, PrintStream stdout, PrintStream err, Map<String, String> env) {
    try {
      Options options =
          Options.parse(args, Set.of("--jdbc-url", "--user", "--password", "--out"), Set.of());
      if (!options.positional().isEmpty()) {
        throw new InputException("unexpected argument " + options.positional().get(0));
      }
      String url =
          options.value("--jdbc-url").orElseThrow(() -> new InputException("give --jdbc-url"));
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new InputException("--jdbc-url must be a jdbc:postgresql: URL");
      }
      Properties login = new Properties();
      options.value("--user").ifPresent(user -> login.setProperty("user", user));
      String password = options.value("--password").orElse(env.get("PGPASSWORD"));
      if (password != null) {
        login.setProperty("password", password);
      }
      PostgresDump.Counts counts;
      try (Connection connection = DriverManager.getConnection(url, login)) {
        if (options.value("--out").isPresent()) {
          Path file = Path.of(options.value("--out").get());
          try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            counts = PostgresDump.write(connection, out);
          }
        } else {
          Writer out =
              new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
          counts = PostgresDump.write(connection, out);
        }
      }
      err.printf(
          "dumped %d entries, %d subtree hashes and %d checkpoints%n",
          counts.entries(), counts.nodes(), counts.checkpoints());
      return OK;
    } catch (InputException e) {
      err.println("error: " + e.getMessage());
      return ERROR;
    } catch (SQLException e) {
      err.println("error: cannot dump the audit log: " + e.getMessage());
      return ERROR;
    } catch (IOException e) {
      err.println("error: cannot write the dump: " + e.getMessage());
      return ERROR;
    }
  }
}

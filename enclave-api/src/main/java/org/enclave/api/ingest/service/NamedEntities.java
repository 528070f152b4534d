package org.enclave.api.ingest.service;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.enclave.masking.ner.NerProcess;
import org.jboss.logging.Logger;

/**
 * The named-entity worker (module {@code ner-worker}, a GPL program of its own: ADR 0008), started
 * on first use as a child process at a lower CPU priority ({@code nice}), so that a running job
 * leaves the control plane's request threads their share of the cores. It gets no keys, database or
 * network: text in, spans out.
 */
@ApplicationScoped
public class NamedEntities {
  private static final Logger LOG = Logger.getLogger(NamedEntities.class);

  /** What a report names when no model ran. */
  public static final String NO_MODEL = "none";

  @Inject IngestConfig config;

  private NerProcess worker;

  /** The running worker, started if needed; empty if the worker is not installed. */
  public synchronized Optional<NerProcess> worker() throws IOException {
    if (worker != null && worker.alive()) {
      return Optional.of(worker);
    }
    Optional<List<String>> command = command();
    if (command.isEmpty()) {
      return Optional.empty();
    }
    if (worker != null) {
      LOG.warn("the named-entity worker had stopped; starting it again");
      worker.close();
    }
    worker = NerProcess.start(command.get(), config.nerStartTimeout());
    LOG.infof("named-entity worker ready: %s", worker.model());
    return Optional.of(worker);
  }

  /** The worker's command line, or empty if its directory is unset or not built. */
  Optional<List<String>> command() throws IOException {
    if (config.nerWorkerDir().isEmpty()) {
      return Optional.empty();
    }
    Path dir = config.nerWorkerDir().get().toAbsolutePath().normalize();
    Path lib = dir.resolve("lib");
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    Optional<Path> jar;
    try (Stream<Path> files = Files.list(dir)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("enclave-ner-worker-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
              .findFirst();
    }
    if (jar.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    Path nice = Path.of("/usr/bin/nice");
    if (Files.isExecutable(nice)) {
      command.addAll(List.of(nice.toString(), "-n", "10"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + config.nerHeap());
    command.add("-cp");
    command.add(jar.get() + java.io.File.pathSeparator + lib + "/*");
    command.add(NerProcess.MAIN_CLASS);
    command.add(NerProcess.DEFAULT_MODEL);
    command.add(Integer.toString(config.nerThreads()));
    return Optional.of(command);
  }

  synchronized void onStop(@Observes ShutdownEvent event) {
    if (worker != null) {
      worker.close();
      worker = null;
    }
  }
}

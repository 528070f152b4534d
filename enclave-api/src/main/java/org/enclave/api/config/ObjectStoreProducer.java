package org.enclave.api.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.enclave.infra.storage.LocalFileObjectStore;
import org.enclave.infra.storage.ObjectStore;

/** Chooses the {@link ObjectStore} adapter from configuration. */
@ApplicationScoped
public class ObjectStoreProducer {

  @Produces
  @ApplicationScoped
  ObjectStore objectStore(EnclaveConfig config) {
    if (config.objectStore().provider().trim().equalsIgnoreCase("s3")) {
      return AwsAdapters.objectStore(AwsSettings.current());
    }
    try {
      return new LocalFileObjectStore(config.objectStore().root());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the object store at " + config.objectStore().root(), e);
    }
  }
}

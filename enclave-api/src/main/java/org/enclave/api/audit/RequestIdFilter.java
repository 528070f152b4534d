package org.enclave.api.audit;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Echoes the request's correlation id so that a caller can quote it when reporting a problem. */
@Provider
public class RequestIdFilter implements ContainerResponseFilter {
  @Inject RequestIds requestIds;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    String id = requestIds.current();
    if (id != null) {
      response.getHeaders().putSingle(RequestIds.HEADER, id);
    }
  }
}

package org.enclave.workspace.runtime.kernel;

import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.messages.reply.KernelInfoReply;
import java.util.List;

/** The kernel_info_reply with the {@code status} field that protocol 5 asks of every reply. */
final class KernelInfo extends KernelInfoReply {
  static final String PROTOCOL_VERSION = "5.3";

  @SuppressWarnings("unused") // serialized
  private final String status = "ok";

  KernelInfo(String implementation, String version, LanguageInfo language, String banner) {
    super(PROTOCOL_VERSION, implementation, version, language, banner, List.of());
  }
}

package org.enclave.workspace.runtime;

import java.util.Arrays;
import org.enclave.workspace.runtime.boot.BootCommand;
import org.enclave.workspace.runtime.cli.EnclaveCli;
import org.enclave.workspace.runtime.kernel.KernelMain;

/**
 * The runtime jar's entry point: {@code kernel ...} starts the Jupyter kernel, {@code boot} starts
 * a workspace instance on EC2 ({@link BootCommand}), anything else is the {@code enclave} command
 * line.
 */
public final class RuntimeMain {
  private RuntimeMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("kernel")) {
      KernelMain.main(Arrays.copyOfRange(args, 1, args.length));
    } else if (args.length > 0 && args[0].equals("boot")) {
      System.exit(BootCommand.main(Arrays.copyOfRange(args, 1, args.length)));
    } else {
      EnclaveCli.main(args);
    }
  }
}

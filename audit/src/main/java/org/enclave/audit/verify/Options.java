package org.enclave.audit.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line options of one command: {@code --name value} or {@code --name=value} for those that
 * take a value, {@code --name} for flags, anything else positional ({@code --} ends the options).
 */
final class Options {

  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final List<String> positional = new ArrayList<>();

  private Options() {}

  /**
   * @throws InputException on an unknown option, an option given twice, or a missing value
   */
  static Options parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions)
      throws InputException {
    Options options = new Options();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        options.positional.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (!arg.startsWith("--")) {
        options.positional.add(arg);
        continue;
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      if (valueOptions.contains(name)) {
        String value;
        if (equals >= 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new InputException(name + " needs a value");
        }
        if (options.values.put(name, value) != null) {
          throw new InputException(name + " is given twice");
        }
      } else if (flagOptions.contains(name) && equals < 0) {
        options.flags.add(name);
      } else {
        throw new InputException("unknown option " + name);
      }
    }
    return options;
  }

  Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  List<String> positional() {
    return positional;
  }
}

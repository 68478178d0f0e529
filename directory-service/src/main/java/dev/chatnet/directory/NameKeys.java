package dev.chatnet.directory;

import com.ibm.icu.text.SpoofChecker;
import dev.chatnet.protocol.bus.Names;
import java.util.List;
import java.util.Locale;

/**
 * The keys a name holds while its user is online: the name ignoring case, and its confusable
 * skeleton (Unicode UTS #39, ICU's SpoofChecker) ignoring case. A name is free only if both are,
 * so {@code CtrI} (capital i) cannot register while {@code Ctrl} is online, nor {@code C0de}
 * beside {@code Code} or {@code rnike} beside {@code mike}.
 */
final class NameKeys {

  /** Thread-safe once built. */
  private static final SpoofChecker SKELETONS = new SpoofChecker.Builder().build();

  private NameKeys() {
  }

  /** The name's keys, the case-insensitive one first; one key when both are the same. */
  static List<String> of(String name) {
    String caseless = Names.key(name);
    String skeleton = SKELETONS.getSkeleton(name).toLowerCase(Locale.ROOT);
    return caseless.equals(skeleton) ? List.of(caseless) : List.of(caseless, skeleton);
  }
}

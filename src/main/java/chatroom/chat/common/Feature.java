package chatroom.chat.common;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a peer can do beyond the Go tutorial's protocol, named in the {@code features} field of
 * {@code LoginMes} (what a client can show) and of {@code LoginResMes} (what a server offers).
 *
 * <p>The tutorial's programs send no such field and ignore it when they receive it, so a peer that
 * names no features is a tutorial peer: it gets only the tutorial's four answer types, in frames of
 * at most {@link Protocol#TUTORIAL_FRAME_BYTES} bytes. Names a peer does not know are skipped, so
 * later versions can add features without breaking older peers.
 */
public enum Feature {
  /** {@code PrivateSmsMes} and its answer {@code SmsResMes}. */
  PRIVATE("private"),
  /** Private messages kept while the user was away, handed over after the login answer. */
  OFFLINE("offline"),
  /** {@code OnlineUsersMes} and its paged answer {@code OnlineUsersResMes}. */
  ONLINE_LIST("online-list"),
  /** {@code LogoutMes}. */
  LOGOUT("logout"),
  /** {@code FindUserMes} and its answer {@code FindUserResMes}. */
  FIND_USER("find-user"),
  /** {@code ErrorResMes}, for requests that have no answer type of their own. */
  ERRORS("errors"),
  /** Frames larger than a tutorial peer's 8 096-byte buffer, up to the receiver's frame limit. */
  LARGE_FRAMES("large-frames");

  private final String wireName;

  Feature(String wireName) {
    this.wireName = wireName;
  }

  /** The name in a {@code features} list, e.g. {@code "online-list"}. */
  public String wireName() {
    return wireName;
  }

  /** The features named in {@code names}, skipping names this version does not know. */
  public static Set<Feature> parse(Collection<String> names) {
    Set<Feature> features = EnumSet.noneOf(Feature.class);
    for (Feature feature : values()) {
      if (names.contains(feature.wireName)) {
        features.add(feature);
      }
    }
    return features;
  }

  /** The wire names of {@code features}, in this enum's order. */
  public static List<String> names(Set<Feature> features) {
    return features.stream().sorted().map(Feature::wireName).toList();
  }

  /** Every feature this version of the project has. */
  public static Set<Feature> all() {
    return EnumSet.allOf(Feature.class);
  }
}

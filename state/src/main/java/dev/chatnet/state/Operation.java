package dev.chatnet.state;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * One change to one entry, run where the entry lives: on the Hazelcast member that owns the
 * key (and again, on the same state, on its backup), or on the local map in standalone mode.
 * It must be deterministic in its arguments and the entry, since the backup runs it too; it
 * changes the entry only through {@code setValue} (null removes it), after every check that
 * can refuse, and returns nothing that shares state with the stored value.
 */
public interface Operation<V, R> extends EntryProcessor<String, V, R>, IdentifiedDataSerializable {

  @Override
  default int getFactoryId() {
    return StateSerialization.FACTORY_ID;
  }
}

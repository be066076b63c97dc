package uk.smartmeter.restricted.adapter.store;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;

/**
 * Devices kept in memory between commands, weakly, so the heap decides how many. A command about a
 * device that does not exist and is refused leaves an aggregate with no identifier; there is nothing
 * to cache for it, so null keys are ignored rather than passed to the map (which rejects them).
 */
final class DeviceCache implements Cache {

    private final Cache devices = new WeakReferenceCache();

    @Override
    public <K, V> V get(K key) {
        return key == null ? null : devices.get(key);
    }

    @Override
    public void put(Object key, Object value) {
        if (key != null) {
            devices.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return key != null && devices.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return key == null ? valueSupplier.get() : devices.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
        return key != null && devices.remove(key);
    }

    @Override
    public void removeAll() {
        devices.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && devices.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return devices.registerCacheEntryListener(cacheEntryListener);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        if (key != null) {
            devices.computeIfPresent(key, update);
        }
    }
}

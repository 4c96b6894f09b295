package io.strongroom.platform;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated list ({@code ?limit=&after=}): the items, and the cursor of the
 * last one when more follow (null on the last page). Query {@code limit + 1} rows and hand them to
 * {@link #of}: the extra row only says whether another page exists.
 */
public record KeysetPage<T, C>(List<T> items, C nextAfter) {

    public KeysetPage {
        items = List.copyOf(items);
    }

    public static <T, C> KeysetPage<T, C> of(List<T> limitPlusOne, int limit, Function<T, C> cursor) {
        boolean more = limitPlusOne.size() > limit;
        List<T> items = more ? limitPlusOne.subList(0, limit) : limitPlusOne;
        return new KeysetPage<>(items, more ? cursor.apply(items.getLast()) : null);
    }

    public <R> KeysetPage<R, C> map(Function<T, R> mapper) {
        return new KeysetPage<>(items.stream().map(mapper).toList(), nextAfter);
    }
}

package io.multiprocess.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The owner's record: release order, failures, spent entries, a closed owner. */
class OwnedResourcesTests {

    @Test
    void closeReleasesNewestFirstAndReportsFailuresAfterReleasingTheRest() {
        OwnedResources owned = new OwnedResources();
        List<String> released = new ArrayList<>();
        owned.ownStrongly("first", r -> false, released::add);
        owned.ownStrongly("broken", r -> false, r -> {
            throw new IllegalStateException("cannot release " + r);
        });
        owned.ownWeakly("last", released::add);

        assertThatThrownBy(owned::close)
                .isInstanceOf(MultiprocessException.class)
                .satisfies(e -> assertThat(e.getSuppressed())
                        .singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("cannot release broken")));
        assertThat(released).containsExactly("last", "first");
        owned.close();
        assertThat(released).hasSize(2);
    }

    @Test
    void spentEntriesAreDroppedAsNewOnesCome() {
        OwnedResources owned = new OwnedResources();
        for (int i = 0; i < 200; i++) {
            owned.ownStrongly("ended " + i, r -> true, r -> {
                throw new AssertionError("released a spent entry");
            });
        }
        assertThat(owned.size()).isLessThan(64);
        owned.ownStrongly("running", r -> false, r -> {});
        assertThat(owned.size()).isLessThanOrEqualTo(64);
    }

    @Test
    void aClosedOwnerReleasesWhatItIsGivenAndRefusesIt() {
        OwnedResources owned = new OwnedResources();
        owned.close();
        List<String> released = new ArrayList<>();
        assertThatThrownBy(() -> owned.ownWeakly("late", released::add))
                .isInstanceOf(ProcessStateException.class)
                .hasMessageContaining("closed");
        assertThat(released).containsExactly("late");
        assertThatThrownBy(owned::checkOpen).isInstanceOf(ProcessStateException.class);
    }
}

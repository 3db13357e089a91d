package io.multiprocess.process;

import io.multiprocess.internal.posix.StandardStreamRedirection;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;

/**
 * Output redirections written into a {@link BootstrapFrame}, for children that open their own standard
 * output and error (forkserver spares, which exist before the process they will run): {@value #KEEP} keeps
 * the stream the child has, {@code "w:<file>"} truncates and writes a file, {@code "a:<file>"} appends.
 *
 * <p>Internal API.
 */
final class StandardStreams {

    /** Keep the stream as it is. */
    public static final String KEEP = "";

    private StandardStreams() {}

    /**
     * The frame form of a redirection.
     *
     * @param redirect {@link Redirect#INHERIT}, {@link Redirect#DISCARD} or a file redirection
     * @return its form
     * @throws IllegalArgumentException for {@link Redirect#PIPE} and input redirections
     */
    public static String of(Redirect redirect) {
        return switch (redirect.type()) {
            case INHERIT -> KEEP;
            case WRITE -> "w:" + redirect.file().getAbsolutePath();
            case APPEND -> "a:" + redirect.file().getAbsolutePath();
            default -> throw new IllegalArgumentException("Cannot send output of a child to " + redirect);
        };
    }

    /**
     * The redirection of a frame form, for a process builder.
     *
     * @param form a form made by {@link #of(Redirect)}
     * @return the redirection
     */
    public static Redirect toRedirect(String form) {
        if (form.isEmpty()) {
            return Redirect.INHERIT;
        }
        File file = new File(form.substring(2));
        return form.startsWith("a:") ? Redirect.appendTo(file) : Redirect.to(file);
    }

    /**
     * Points this process's descriptor {@code fd} where the form says.
     *
     * @param fd   1 or 2
     * @param form a form made by {@link #of(Redirect)}
     * @return false when the file could not be opened (the stream is then kept)
     */
    public static boolean apply(int fd, String form) {
        if (form.isEmpty()) {
            return true;
        }
        (fd == 1 ? System.out : System.err).flush();
        return StandardStreamRedirection.redirect(fd, form.substring(2), form.startsWith("a:"));
    }
}

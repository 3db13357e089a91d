package io.multiprocess.process;

/**
 * Brings up a child JVM for one start method and hands it its bootstrap frame.
 *
 * <p>Internal SPI.
 */
interface Launcher {

    /**
     * Starts a child that will run the process in the frame.
     *
     * @param context     the settings of the child JVM
     * @param frame       what the child needs to run, already serialized
     * @param processName the process name, for error messages
     * @return a handle to the running child
     * @throws io.multiprocess.ProcessStartException if the child could not be started or handed its frame;
     *     nothing is left running in that case
     */
    LaunchedChild launch(ProcessSettings context, BootstrapFrame frame, String processName);
}

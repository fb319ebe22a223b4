package org.jvif.host.linux;

import java.util.List;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A System.Logger that keeps what it is given. */
final class RecordingLogger implements System.Logger {
    final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        messages.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        try {
            messages.add(level + " " + java.text.MessageFormat.format(format, params));
        } catch (MissingResourceException | IllegalArgumentException e) {
            messages.add(level + " " + format);
        }
    }
}

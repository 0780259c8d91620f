package gatehouse.admin;

/** A refused console request: rendered as a page in the console's layout with this status and message. */
final class ConsoleException extends RuntimeException {
    final int status;
    final String title;

    ConsoleException(int status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    static ConsoleException notFound() {
        return new ConsoleException(404, "Not found", "There is no such page or record in the console.");
    }

    static ConsoleException badRequest(String message) {
        return new ConsoleException(400, "Bad request", message);
    }
}

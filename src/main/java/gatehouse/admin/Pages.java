package gatehouse.admin;

import jakarta.servlet.ServletException;
import java.io.IOException;

/** The pages of one console section: parses the request, calls the services, renders a JSP. */
interface Pages {
    void serve(Console c) throws IOException, ServletException;
}

// Starts the NHS.UK design system components (header menu, error summary focus, password toggle).
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();

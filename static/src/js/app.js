// Starts every GOV.UK Frontend component on the page (error summary, password input, radios...).
import { initAll } from '../govuk-frontend/dist/govuk/govuk-frontend.min.js'

initAll()

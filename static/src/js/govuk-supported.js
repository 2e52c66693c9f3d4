// Marks the page as having JavaScript before anything is drawn, as GOV.UK Frontend expects
// (it is a file rather than an inline script so the Content Security Policy needs no exception).
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')

// Autosave for the plan editor's section form (templates/ehcp/plans/editor/section.html).
//
// A progressive enhancement: without JavaScript the form's buttons save it, exactly as before. With it, the
// form is also saved through the API (PUT /api/v1/plans/<id>/working/sections/<code>/, sent as the form's
// own fields) a couple of seconds after the person stops typing. Each save updates the hidden
// base_revision (and the ids of items saved for the first time), and a polite live region says
// "Saved at 10:42". If someone else has saved the section meanwhile (409), autosave stops and asks the
// person to save with the button: the page then shows both versions to merge, so nothing is overwritten.

const DELAY_MS = 2000

function timeNow () {
  const now = new Date()
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`
}

function start (form) {
  const url = form.dataset.autosaveUrl
  const status = form.querySelector('#autosave-status')
  const revision = form.querySelector('input[name="base_revision"]')
  const token = form.querySelector('input[name="csrfmiddlewaretoken"]')
  if (!url || !status || !revision || !token) return

  let timer = null
  let inFlight = null
  let stopped = false
  let dirty = false

  function say (text) {
    status.textContent = text
  }

  function body () {
    const params = new URLSearchParams()
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && !name.startsWith('upload_') && name !== 'action') {
        params.append(name, value)
      }
    }
    return params
  }

  async function save () {
    timer = null
    if (stopped || !dirty) return
    dirty = false
    let response
    try {
      response = await fetch(url, {
        method: 'PUT',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
          'X-CSRFToken': token.value
        },
        body: body()
      })
    } catch {
      say('Your changes could not be saved automatically. Use the save button to save them.')
      return
    }
    if (response.ok) {
      const result = await response.json()
      revision.value = String(result.revision)
      for (const [name, id] of Object.entries(result.ids || {})) {
        const input = form.querySelector(`input[name="${CSS.escape(name)}"]`)
        if (input && !input.value) input.value = id
      }
      say(`Saved at ${timeNow()}`)
    } else if (response.status === 409) {
      stopped = true
      say('Someone else has saved this section since you opened it, so your changes have not been saved. ' +
        'Select “Save and return to the plan” to see their changes beside yours.')
    } else if (response.status === 400) {
      say('Not saved yet: some answers need checking. Select “Save and return to the plan” to see what to change.')
    } else {
      stopped = true
      say('Your changes could not be saved automatically. Use the save button to save them.')
    }
  }

  function schedule () {
    if (stopped) return
    dirty = true
    if (timer) window.clearTimeout(timer)
    timer = window.setTimeout(() => {
      inFlight = save().finally(() => { inFlight = null })
    }, DELAY_MS)
  }

  form.addEventListener('input', schedule)
  form.addEventListener('change', schedule)

  // A save with the button waits for an autosave on its way, so that it carries the new revision.
  form.addEventListener('submit', (event) => {
    if (timer) {
      window.clearTimeout(timer)
      timer = null
    }
    stopped = true
    if (inFlight) {
      event.preventDefault()
      const submitter = event.submitter
      inFlight.finally(() => form.requestSubmit(submitter))
      inFlight = null
    }
  })
}

const form = document.querySelector('form[data-autosave-url]')
if (form) start(form)

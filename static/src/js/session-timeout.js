// Session timeout warning (GOV.UK modal dialogue pattern, on a native <dialog>).
//
// The server ends a session after SESSION_COOKIE_AGE seconds without a request. This script opens the
// dialog in templates/includes/session_timeout.html SESSION_EXPIRY_WARNING_SECONDS before that,
// counts down, and offers "Stay signed in" (a POST to session-extend, sent with fetch so the page is
// kept) or "Sign out". Pressing Escape also keeps the person signed in. When the time runs out, it
// signs the person out so their information is not left on screen. The last activity time is shared
// between tabs through localStorage, so a page left open in one tab does not sign out another.
// Without JavaScript none of this runs and the page footer states the timeout in words.

const STORAGE_KEY = 'send-session-last-activity'

function describe (milliseconds) {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000))
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60)
    return minutes === 1 ? '1 minute' : `${minutes} minutes`
  }
  return seconds === 1 ? '1 second' : `${seconds} seconds`
}

function readShared () {
  try {
    return Number(window.localStorage.getItem(STORAGE_KEY)) || 0
  } catch {
    return 0
  }
}

function writeShared (time) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(time))
  } catch {
    // Storage can be switched off; this tab still keeps its own time.
  }
}

function start (dialog) {
  const timeout = Number(dialog.dataset.timeoutSeconds) * 1000
  const warning = Number(dialog.dataset.warningSeconds) * 1000
  const heading = dialog.querySelector('.js-timeout-heading')
  const countdown = dialog.querySelector('.js-timeout-countdown')
  const announcer = dialog.querySelector('.js-timeout-announce')
  const extendForm = dialog.querySelector('.js-timeout-extend')
  const signOutForm = dialog.querySelector('.js-timeout-sign-out')
  const reasonInput = signOutForm.querySelector('.js-timeout-reason')

  if (!timeout || !warning || !extendForm || !signOutForm) return

  let lastActivity = Date.now()
  let returnFocusTo = null
  let announcedMinutes = null
  let signingOut = false

  writeShared(lastActivity)

  const latestActivity = () => Math.max(lastActivity, readShared())

  function open () {
    returnFocusTo = document.activeElement
    dialog.showModal()
    heading.focus()
  }

  function close () {
    dialog.close()
    announcer.textContent = ''
    announcedMinutes = null
    if (returnFocusTo && typeof returnFocusTo.focus === 'function') returnFocusTo.focus()
  }

  function signOut (timedOut) {
    if (signingOut) return
    signingOut = true
    if (timedOut && reasonInput) reasonInput.value = 'timeout'
    signOutForm.submit()
  }

  function tick () {
    const remaining = latestActivity() + timeout - Date.now()
    if (remaining <= 0) {
      signOut(true)
      return
    }
    if (remaining > warning) {
      if (dialog.open) close()
      return
    }
    if (!dialog.open) {
      open()
      announcedMinutes = Math.ceil(remaining / 60000)
    }
    countdown.textContent = describe(remaining)
    // Screen readers hear the time left once a minute, and once more with 20 seconds to go.
    const minutes = remaining <= 20000 ? 0 : Math.ceil(remaining / 60000)
    if (minutes !== announcedMinutes) {
      announcedMinutes = minutes
      announcer.textContent = `We will sign you out in ${describe(remaining)}.`
    }
  }

  extendForm.addEventListener('submit', (event) => {
    event.preventDefault()
    window.fetch(extendForm.action, {
      method: 'POST',
      body: new window.FormData(extendForm),
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' }
    }).then((response) => {
      if (!response.ok) throw new Error(`Session not extended (${response.status})`)
      lastActivity = Date.now()
      writeShared(lastActivity)
      close()
    }).catch(() => {
      // Fall back to an ordinary form post, which returns to this page or to sign in.
      extendForm.submit()
    })
  })

  dialog.addEventListener('cancel', (event) => {
    // Escape means "not now": keep the person signed in, as the GOV.UK pattern does.
    event.preventDefault()
    extendForm.requestSubmit()
  })

  window.setInterval(tick, 1000)
}

const dialog = document.getElementById('session-timeout-dialog')
if (dialog && typeof dialog.showModal === 'function') start(dialog)

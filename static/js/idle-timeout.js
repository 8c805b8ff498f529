// The idle timeout, on the page: a warning before the server signs the session out
// (fls.idle_timeout.IdleTimeoutMiddleware), and nothing typed lost when it does.
//
// The server is the judge; this script only follows its clock. The page says how many seconds the
// session had left when it was rendered (data-seconds-left on the warning <dialog>); every htmx
// response and every answer of the session-status endpoint says it again (X-Idle-Seconds-Left).
// Before the end it asks the server, so a session kept alive in another tab is not warned about.
//
// What was typed: when the warning shows, while it shows, and at the end, the values of the page's
// POST forms (never passwords, CSRF tokens or files) are kept in this tab's sessionStorage under the
// page's path, with the user who typed them and the sign-in they typed them under. When that user has
// signed in again and comes back to the page, they are put back and the page says so. They are removed
// once put back, on "Stay signed in", on signing out by hand, when the same sign-in comes back to the
// page (nothing was lost), and whenever someone else signs in in this tab.
(function () {
  const dialog = document.getElementById("idle-warning");
  if (!dialog) return;

  const STORE_PREFIX = "fls-typed:";
  const storeKey = STORE_PREFIX + window.location.pathname;
  const user = dialog.dataset.user;
  const signIn = dialog.dataset.signIn;
  const statusUrl = dialog.dataset.statusUrl;
  const warningSeconds = Number(dialog.dataset.warningSeconds);
  let deadline = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let asking = false;
  let signingOut = false;

  // --- The clock ----------------------------------------------------------------------------

  function restartClock(secondsLeft) {
    const seconds = Number(secondsLeft);
    if (!Number.isFinite(seconds)) return;
    deadline = Date.now() + seconds * 1000;
    if (Date.now() < deadline - warningSeconds * 1000 && dialog.open) {
      dialog.close();
      forgetTyping();
    }
  }

  function askServer(method) {
    // Signed out already (elsewhere), the answer is a redirect to the login page: not followed.
    const init = { method: method, credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } };
    if (method === "POST") init.headers["X-CSRFToken"] = dialog.dataset.csrfToken;
    return fetch(statusUrl, init).then(function (response) {
      if (response.status === 401 || response.type === "opaqueredirect") return { signedIn: false };
      if (!response.ok) throw new Error("session status " + response.status);
      return response.json().then(function (body) { return { signedIn: true, secondsLeft: body.seconds_left }; });
    });
  }

  function signOut() {
    if (signingOut) return;
    signingOut = true;
    keepTyping();
    // A GET of this page: the server, finding the session idle, signs it out and sends the login page
    // with `next` back here. (A reload would repeat a POST.)
    window.location.assign(window.location.pathname + window.location.search);
  }

  function tick() {
    if (asking || signingOut) return;
    const now = Date.now();
    const warnAt = deadline - warningSeconds * 1000;
    if (now >= deadline) {
      asking = true;
      askServer("GET")
        .then(function (answer) {
          // Only once the server has signed the session out: a page reloaded a moment too early would
          // still be signed in, and what was typed would be gone. (seconds_left is rounded down.)
          if (answer.signedIn) restartClock(answer.secondsLeft + 1);
          else signOut();
        })
        .catch(signOut)
        .finally(function () { asking = false; });
    } else if (now >= warnAt && !dialog.open) {
      asking = true;
      askServer("GET")
        .then(function (answer) {
          if (!answer.signedIn) return signOut();
          if (answer.secondsLeft > warningSeconds + 2) return restartClock(answer.secondsLeft);
          deadline = Date.now() + answer.secondsLeft * 1000;
          warn();
        })
        .catch(warn)
        .finally(function () { asking = false; });
    }
  }

  function warn() {
    keepTyping();
    if (!dialog.open) dialog.showModal();
  }

  function staySignedIn() {
    askServer("POST")
      .then(function (answer) {
        if (!answer.signedIn) return signOut();
        dialog.close();
        forgetTyping();
        restartClock(answer.secondsLeft);
      })
      .catch(function () { dialog.close(); });
  }

  dialog.querySelector("[data-idle-stay]").addEventListener("click", staySignedIn);
  // Escape closes a modal dialog: whoever pressed it is here, so it means "stay signed in".
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    staySignedIn();
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail && event.detail.xhr;
    const secondsLeft = xhr && xhr.getResponseHeader("X-Idle-Seconds-Left");
    if (secondsLeft !== null && secondsLeft !== undefined) restartClock(secondsLeft);
  });
  window.setInterval(tick, 1000);

  // --- What was typed -----------------------------------------------------------------------

  function postForms() {
    return Array.from(document.forms).filter(function (form) {
      return (form.getAttribute("method") || "get").toLowerCase() === "post" && !form.hasAttribute("data-signs-out");
    });
  }

  function keepsValue(field) {
    if (!field.name || field.name === "csrfmiddlewaretoken") return false;
    return !["password", "file", "submit", "button", "reset", "image"].includes(field.type);
  }

  function readForm(form) {
    const fields = [];
    Array.from(form.elements).filter(keepsValue).forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        fields.push({ name: field.name, value: field.value, checked: field.checked });
      } else if (field.type === "select-multiple") {
        fields.push({ name: field.name, values: Array.from(field.selectedOptions).map(function (o) { return o.value; }) });
      } else {
        fields.push({ name: field.name, value: field.value });
      }
    });
    return fields;
  }

  function keepTyping() {
    const forms = postForms().map(function (form, index) {
      return { index: index, action: form.getAttribute("action") || "", fields: readForm(form) };
    }).filter(function (form) { return form.fields.length; });
    try {
      if (forms.length) sessionStorage.setItem(storeKey, JSON.stringify({ user: user, signIn: signIn, forms: forms }));
    } catch (error) { /* storage full or refused: the warning still works */ }
  }

  function forgetTyping() {
    sessionStorage.removeItem(storeKey);
  }

  function forgetAllTyping() {
    Object.keys(sessionStorage).filter(function (key) { return key.startsWith(STORE_PREFIX); })
      .forEach(function (key) { sessionStorage.removeItem(key); });
  }

  function putBack(form, saved) {
    let changed = 0;
    saved.fields.forEach(function (entry) {
      Array.from(form.elements).filter(function (field) { return field.name === entry.name && keepsValue(field); })
        .forEach(function (field) {
          let differs = false;
          if (field.type === "checkbox" || field.type === "radio") {
            if (field.value !== entry.value) return;
            differs = field.checked !== entry.checked;
            field.checked = entry.checked;
          } else if (field.type === "select-multiple") {
            Array.from(field.options).forEach(function (option) {
              const selected = entry.values.includes(option.value);
              differs = differs || option.selected !== selected;
              option.selected = selected;
            });
          } else {
            differs = field.value !== entry.value;
            field.value = entry.value;
          }
          if (differs) {
            changed += 1;
            // Whatever depends on the field (the contact form's "reached" questions) follows it.
            field.dispatchEvent(new Event("input", { bubbles: true }));
            field.dispatchEvent(new Event("change", { bubbles: true }));
          }
        });
    });
    return changed;
  }

  function restoreTyping() {
    Object.keys(sessionStorage).forEach(function (key) {
      if (!key.startsWith(STORE_PREFIX)) return;
      try {
        if (JSON.parse(sessionStorage.getItem(key)).user !== user) sessionStorage.removeItem(key);
      } catch (error) { sessionStorage.removeItem(key); }
    });
    const raw = sessionStorage.getItem(storeKey);
    if (!raw) return;
    forgetTyping();
    const kept = JSON.parse(raw);
    if (kept.signIn === signIn) return;
    const forms = postForms();
    let changed = 0;
    kept.forms.forEach(function (saved) {
      const form = forms[saved.index];
      if (form && (form.getAttribute("action") || "") === saved.action) changed += putBack(form, saved);
    });
    if (changed) {
      const notice = document.getElementById("typing-restored").content.cloneNode(true);
      const main = document.querySelector("main");
      main.insertBefore(notice, main.firstChild);
    }
  }

  restoreTyping();

  // After the warning, every keystroke is kept, so the last words typed are not the ones lost.
  document.addEventListener("input", function () {
    if (dialog.open || Date.now() >= deadline - warningSeconds * 1000) keepTyping();
  });
  // A form sent after the end (a computer woken from sleep, a timer the browser held back) reaches a
  // signed-out server: keep its values so they come back after the next sign-in.
  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-signs-out")) forgetAllTyping();
    else if (Date.now() >= deadline) keepTyping();
  });
  window.addEventListener("pagehide", function () {
    if (!signingOut && Date.now() >= deadline - warningSeconds * 1000) keepTyping();
  });
})();

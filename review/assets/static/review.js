// The review page's keyboard: j/k move, e edits, a accepts, r rejects,
// u withdraws a decision, n/p change page, / searches. Every request
// carries the page's token.
(function () {
  "use strict";
  const token = document.querySelector('meta[name="anuvad-token"]').content;
  const rows = Array.from(document.querySelectorAll("tr.pair"));
  const message = document.getElementById("message");
  let current = -1;
  let editing = null;
  let pending = ""; // a key whose action waits for its keyup

  function select(i) {
    if (rows.length === 0) return;
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (current >= 0) rows[current].classList.remove("current");
    current = i;
    rows[i].classList.add("current");
    rows[i].focus({ preventScroll: true });
    rows[i].scrollIntoView({ block: "nearest" });
  }

  function say(text, isError) {
    message.textContent = text;
    message.className = isError ? "error" : "";
  }

  async function decide(row, action, en) {
    const body = { doc: row.dataset.doc, index: Number(row.dataset.index), action: action };
    if (en !== undefined) body.en = en;
    const res = await fetch("/api/pairs/" + row.dataset.n, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Anuvad-Token": token },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      say((await res.text()).trim() || res.statusText, true);
      return false;
    }
    show(row, await res.json());
    const done = { accept: "accepted", reject: "rejected", edit: "edited", clear: "unreviewed" }[action];
    say("saved: " + row.dataset.doc + " #" + row.dataset.index + " " + done);
    return true;
  }

  function show(row, item) {
    const en = row.querySelector("td.en");
    en.textContent = "";
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = item.en;
    en.appendChild(text);
    if (item.machine_en) {
      const m = document.createElement("div");
      m.className = "machine";
      m.title = "machine translation";
      m.textContent = item.machine_en;
      en.appendChild(m);
    }
    row.querySelector("td.provider").textContent = item.provider;
    const flags = row.querySelector("td.flags");
    flags.textContent = "";
    for (const f of item.flags || []) {
      const s = document.createElement("span");
      s.className = "flag";
      s.textContent = f;
      flags.append(s, " ");
    }
    row.querySelector("td.status").textContent = item.reviewed || "";
    row.classList.remove("accepted", "edited", "rejected");
    if (item.reviewed) row.classList.add(item.reviewed);
  }

  function edit(row) {
    const cell = row.querySelector("td.en");
    const old = cell.querySelector(".text").textContent;
    const box = document.createElement("textarea");
    box.value = old;
    box.rows = 3;
    cell.prepend(box);
    cell.querySelector(".text").hidden = true;
    editing = { row: row, box: box };
    box.focus();
    box.select();
    box.addEventListener("keydown", async function (ev) {
      if (ev.key === "Escape") {
        ev.preventDefault();
        stopEditing();
      } else if (ev.key === "Enter" && !ev.shiftKey) {
        ev.preventDefault();
        const value = box.value.trim();
        if (value === old.trim()) {
          stopEditing();
          return;
        }
        box.disabled = true;
        const ok = await decide(row, "edit", value);
        box.disabled = false;
        if (ok) {
          editing = null;
          row.focus();
        } else {
          box.focus();
        }
      }
    });
  }

  function stopEditing() {
    if (!editing) return;
    const row = editing.row;
    editing.box.remove();
    row.querySelector("td.en .text").hidden = false;
    editing = null;
    row.focus();
  }

  function follow(id) {
    const a = document.getElementById(id);
    if (a) window.location.href = a.href;
  }

  document.addEventListener("keydown", function (ev) {
    if (editing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) {
      if (ev.key === "Escape") { t.blur(); select(Math.max(current, 0)); }
      return;
    }
    const row = rows[current];
    switch (ev.key) {
      case "j": case "ArrowDown": select(current + 1); break;
      case "k": case "ArrowUp": select(current - 1); break;
      case "e": case "Enter": if (row) pending = ev.key; break; // opened on keyup, so "e" is not typed
      case "a": if (row) decide(row, "accept").then(function (ok) { if (ok) select(current + 1); }); break;
      case "r": if (row) decide(row, "reject").then(function (ok) { if (ok) select(current + 1); }); break;
      case "u": if (row) decide(row, "clear"); break;
      case "n": follow("next"); break;
      case "p": follow("prev"); break;
      case "/": pending = "/"; break; // focused on keyup, so "/" is not typed
      default: return;
    }
    ev.preventDefault();
  });

  document.addEventListener("keyup", function (ev) {
    if (ev.key !== pending || editing) return;
    pending = "";
    if (ev.key === "/") {
      const q = document.getElementById("q");
      q.focus();
      q.select();
    } else if (rows[current]) {
      edit(rows[current]);
    }
  });

  // Leave unset filters out of the address.
  document.getElementById("filters").addEventListener("submit", function (ev) {
    for (const el of ev.target.elements) {
      if (el.name && el.value === "") el.disabled = true;
    }
  });
  for (const s of document.querySelectorAll("#filters select")) {
    s.addEventListener("change", function () { s.form.submit(); });
  }
  rows.forEach(function (row, i) {
    row.addEventListener("click", function () { if (!editing) select(i); });
  });
  select(0);
})();

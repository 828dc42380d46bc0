// The hall TV (web/tv.py). Draws what the server sends over Server-Sent Events; every
// line people read comes from the server (the page's JSON or the events), none is written
// here. Reconnects by itself (EventSource, plus a watchdog for a link that went silent),
// reloads itself when the server runs newer page files, and plays each call's WAV when
// the TV is the hall's loudspeaker (?sound=1).
//
// For tests and bench/tv.py, window.hallqTv keeps what happened: `log` has one entry per
// call event: {id, number, sent, received, drawn, shown} in ms since the epoch
// (performance.timeOrigin + performance.now(), the host's clock): the host wrote the event,
// it arrived, the number was put in the page, the frame that shows it was done.
(function () {
  "use strict";
  var page = JSON.parse(document.getElementById("tv-page").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var tv = window.hallqTv = { log: [], played: [], connects: 0, snapshots: 0, connected: false,
                              build: page.build, soundBlocked: false };
  var board = { latest: null, recent: [], windows: [], queues: [] };
  var skew = 0;               // hall time minus this machine's time, ms
  var freshUntil = 0, freshWindow = null, freshTimer = null;
  var source = null, lastMessage = 0, retryMs = 1000, lostAt = 0, healthy = true;

  function epochMs() { return performance.timeOrigin + performance.now(); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // ---------------------------------------------------------------- the clock (hall time)
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function drawClock() {
    var d = new Date(Date.now() + skew);  // read with getUTC*: the server sends hall time
    $("date").textContent = d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate());
    $("weekday").textContent = page.weekdays[(d.getUTCDay() + 6) % 7];
    $("time").textContent = pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds());
  }
  function tick() {
    drawClock();
    setTimeout(tick, 1000 - ((Date.now() + skew) % 1000) + 5);
  }
  function setClock(now) {
    if (now) { skew = Date.parse(now + "Z") - Date.now(); drawClock(); }
  }

  // ---------------------------------------------------------------- sizing the grids
  var measure = document.createElement("canvas").getContext("2d");
  measure.font = "400 100px " + getComputedStyle(document.body).fontFamily;
  function ems(text) {  // width of text in em of the page's font
    return measure.measureText(text || "").width / 100;
  }
  function widest(items, key) {
    return items.reduce(function (m, it) { return Math.max(m, ems(key(it))); }, 0);
  }
  // the columns × rows that give n cells the largest text: a cell needs wEm × hEm of it
  function fitGrid(grid, n, wEm, hEm, maxVh) {
    var box = grid.getBoundingClientRect(), style = getComputedStyle(grid);
    var colGap = parseFloat(style.columnGap) || 0, rowGap = parseFloat(style.rowGap) || 0;
    var best = { cols: 1, rows: Math.max(1, n), f: 0 };
    for (var cols = 1; cols <= Math.max(1, n); cols++) {
      var rows = Math.max(1, Math.ceil(n / cols));
      var cellW = (box.width - (cols - 1) * colGap) / cols, cellH = (box.height - (rows - 1) * rowGap) / rows;
      var f = Math.min(cellW / wEm, cellH / hEm);
      if (f > best.f + 0.5) { best = { cols: cols, rows: rows, f: f }; }
    }
    var f = Math.max(8, Math.min(best.f, window.innerHeight * maxVh / 100));
    grid.style.setProperty("--cols", best.cols);
    grid.style.setProperty("--rows", best.rows);
    grid.style.setProperty("--f", Math.floor(f) + "px");
  }
  function layout() {
    var numberEm = Math.max(ems("A000"), widest(board.windows, function (w) { return w.current || ""; }));
    fitGrid($("window-grid"), board.windows.length,
            widest(board.windows, function (w) { return w.name; }) + 1.5 * numberEm + 1.6, 2.3, 6);
    var slots = Math.max(1, page.recent || board.recent.length);
    fitGrid($("recent-grid"), slots, widest(board.recent, function (c) { return c.window_name; })
            + 1.3 * ems("A000") + 2.0 + (board.recent.some(function (c) { return c.tag; }) ? 2.2 : 0), 1.9, 5);
    fitGrid($("waiting-grid"), board.queues.length, widest(board.queues, function (q) { return q.name; })
            + 1.2 * widest(board.queues, function (q) { return q.count; }) + 2.6, 1.8, 5);
    fitNumber();
    fitLine();
    fitTicker();
    fitText($("hall"), 0.6);
  }
  function fitText(node, least) {  // shrink a one-line text to its box, down to `least` of its size, then cut
    node.style.fontSize = "";
    if (node.scrollWidth > node.clientWidth + 1) {
      var size = parseFloat(getComputedStyle(node).fontSize);
      node.style.fontSize = Math.floor(size * Math.max(least, node.clientWidth / node.scrollWidth)) + "px";
    }
  }
  function fitNumber() {  // a long number (A1000) shrinks to the panel's width rather than being cut
    var number = $("latest-number"), panel = $("latest"), pad = getComputedStyle(panel);
    number.style.fontSize = "";
    var room = panel.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight);
    if (number.scrollWidth > room) {
      number.style.fontSize = Math.floor(parseFloat(getComputedStyle(number).fontSize) * room / number.scrollWidth) + "px";
    }
  }
  // the call line: on one line if it fits at no less than its smallest size (--line-min), else as it wraps
  function fitLine() {
    var line = $("latest-line");
    line.style.fontSize = "";
    var size = parseFloat(getComputedStyle(line).fontSize);
    var least = parseFloat(getComputedStyle(line).getPropertyValue("--line-min")) * window.innerHeight / 100 || size;
    if (line.getBoundingClientRect().height < size * 1.8) { return; }  // one line already
    var panel = getComputedStyle($("latest"));
    var room = $("latest").clientWidth - parseFloat(panel.paddingLeft) - parseFloat(panel.paddingRight);
    line.style.whiteSpace = "nowrap";
    var natural = line.scrollWidth;
    line.style.whiteSpace = "";
    if (natural > room && size * room / natural >= least) {
      line.style.fontSize = Math.floor(size * room / natural) + "px";
    }
  }
  function fitTicker() {
    var ticker = $("ticker"), notice = $("notice");
    ticker.classList.remove("scroll");
    var room = ticker.clientWidth, width = notice.scrollWidth;
    if (width > room) {
      var speed = parseFloat(getComputedStyle(ticker).fontSize) * 2.5;  // 2.5 characters a second
      ticker.style.setProperty("--ticker-from", room + "px");
      ticker.style.setProperty("--ticker-to", -width + "px");
      ticker.style.setProperty("--ticker-s", ((room + width) / speed).toFixed(1) + "s");
      ticker.style.setProperty("--ticker-delay", (-room / speed).toFixed(1) + "s");  // start readable, at the left
      ticker.classList.add("scroll");
    }
  }

  // ---------------------------------------------------------------- drawing
  function drawLatest(call, fresh) {
    board.latest = call;
    $("latest-number").textContent = call ? call.number : "";
    drawLine(call);
    fitNumber();
    fitLine();
    if (fresh) {
      var hero = $("latest");
      hero.classList.remove("fresh");
      void hero.offsetWidth;  // restart the flash for a call after a call
      hero.classList.add("fresh");
      freshUntil = Date.now() + page.fresh_seconds * 1000;
      clearTimeout(freshTimer);
      freshTimer = setTimeout(unfresh, page.fresh_seconds * 1000);
    }
  }
  // the call line, breakable only between its phrases (web/tv.py call_phrases): a <wbr> between two
  function drawLine(call) {
    var line = $("latest-line");
    if (!call) { line.textContent = page.texts.no_calls; return; }
    var phrases = call.phrases && call.phrases.length ? call.phrases : [call.line];
    line.replaceChildren();
    phrases.forEach(function (phrase, i) {
      if (i) { line.appendChild(document.createElement("wbr")); }
      line.appendChild(el("span", "phrase", phrase));
    });
  }
  function unfresh() {
    $("latest").classList.remove("fresh");
    freshWindow = null;
    var cell = document.querySelector(".win.fresh");
    if (cell) { cell.classList.remove("fresh"); }
  }
  function drawRecent(calls) {
    board.recent = calls;
    var grid = $("recent-grid");
    grid.replaceChildren();
    var slots = Math.max(page.recent || 0, calls.length);
    for (var i = 0; i < slots; i++) {
      var c = calls[i];
      if (!c) { grid.appendChild(el("div", "cell call empty")); continue; }
      var cell = el("div", "cell call");
      cell.dataset.number = c.number;
      cell.appendChild(el("span", "number", c.number));
      cell.appendChild(el("span", "where", c.window_name));
      if (c.tag) { cell.appendChild(el("span", "tag", c.tag)); }
      grid.appendChild(cell);
    }
  }
  function windowCell(w) {
    var cell = el("div", "cell win " + w.state);
    cell.dataset.window = w.number;
    cell.appendChild(el("span", "name", w.name));
    cell.appendChild(el("span", "state", w.label));
    cell.appendChild(el("span", "current", w.current || ""));
    if (freshWindow === w.number && Date.now() < freshUntil) { cell.classList.add("fresh"); }
    return cell;
  }
  function drawWindows(windows) {
    board.windows = windows;
    var grid = $("window-grid");
    grid.replaceChildren.apply(grid, windows.map(windowCell));
  }
  function drawWindow(w) {
    var at = board.windows.findIndex(function (x) { return x.number === w.number; });
    if (at < 0) { return; }
    board.windows[at] = w;
    var old = document.querySelector('.win[data-window="' + w.number + '"]');
    if (old) { old.replaceWith(windowCell(w)); }
  }
  function drawQueues(queues) {
    board.queues = queues;
    var grid = $("waiting-grid");
    grid.replaceChildren.apply(grid, queues.map(function (q) {
      var cell = el("div", "cell queue" + (q.open ? "" : " closed"));
      cell.dataset.service = q.prefix;
      cell.appendChild(el("span", "prefix", q.prefix));
      cell.appendChild(el("span", "name", q.name));
      cell.appendChild(el("span", "count", q.count));
      return cell;
    }));
  }
  function drawStatus() {
    var stale = !healthy || (lostAt && Date.now() - lostAt > 2000);
    $("status").textContent = stale ? page.texts.unavailable : "";
    $("status").hidden = !stale;
  }

  // ---------------------------------------------------------------- the feed
  var later = null;  // the lists as the newest call left them, drawn after the frame that shows its number
  function drawLater() {
    if (!later) { return; }
    var lists = later;
    later = null;
    drawRecent(lists.recent);
    if (lists.window) { drawWindow(lists.window); }
    layout();
  }
  var handlers = {
    snapshot: function (d) {
      if (d.build && d.build !== page.build) { window.location.reload(); return; }
      later = null;  // everything is newer here
      tv.snapshots += 1;
      setClock(d.now);
      $("hall").textContent = d.hall;
      document.title = d.hall || document.title;
      $("notice").textContent = d.notice;
      $("ticker").hidden = !d.notice;
      healthy = d.healthy;
      drawLatest(d.latest, false);
      drawRecent(d.recent);
      drawWindows(d.windows);
      drawQueues(d.queues);
      layout();
    },
    call: function (d) {
      var entry = { id: d.call.id, number: d.call.number, sent: d.sent, received: epochMs(), drawn: null, shown: null };
      tv.log.push(entry);
      freshWindow = d.window.number;
      drawLatest(d.latest, true);  // the number first: it goes out with the next frame
      entry.drawn = epochMs();
      later = { recent: d.recent, window: d.window };
      requestAnimationFrame(function () {
        setTimeout(function () {  // the frame is done: now the lists, a frame later
          entry.shown = epochMs();
          drawLater();
        }, 0);
      });
      if (page.sound) { say(d.call.id); }
    },
    windows: function (d) {
      if (later) { later.window = null; }  // this re-read is newer than the call's row
      drawWindows(d);
      layout();
    },
    queues: function (d) { drawQueues(d); layout(); },
    health: function (d) { healthy = d.ok; drawStatus(); },
    clock: function (d) { setClock(d.now); }
  };

  function connect() {
    if (source) { source.close(); }
    lastMessage = Date.now();
    source = new EventSource(page.events);
    source.onopen = function () {
      tv.connects += 1;
      tv.connected = true;
      retryMs = 1000;
      lostAt = 0;
      drawStatus();
    };
    source.onerror = function () {
      tv.connected = false;
      if (!lostAt) { lostAt = Date.now(); }
      drawStatus();
      if (source.readyState === EventSource.CLOSED) {  // the browser gave up (an HTTP error): we do not
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 10000);
      }
    };
    Object.keys(handlers).forEach(function (kind) {
      source.addEventListener(kind, function (e) {
        lastMessage = Date.now();
        handlers[kind](JSON.parse(e.data));
      });
    });
  }
  // a link that went silent (a dead network path never errors): start again
  setInterval(function () {
    drawStatus();
    if (Date.now() - lastMessage > page.heartbeat_seconds * 2500) { connect(); }
  }, 1000);

  // ---------------------------------------------------------------- the TV as loudspeaker
  var queue = [], playing = false;
  function say(id) {
    queue.push(id);
    if (queue.length > 6) { queue.shift(); }  // a burst while blocked: keep the latest calls
    playNext();
  }
  function playNext() {
    if (playing || !queue.length) { return; }
    playing = true;
    var id = queue[0];
    var audio = new Audio(page.audio.replace("{id}", id));
    var done = function () { playing = false; playNext(); };
    audio.addEventListener("ended", function () { tv.played.push({ id: id, duration: audio.duration }); done(); });
    audio.addEventListener("error", function () { queue.shift(); done(); });
    audio.play().then(function () {
      queue.shift();
      tv.soundBlocked = false;
      $("sound-blocked").hidden = true;
    }).catch(function (err) {
      playing = false;
      if (err && err.name === "NotAllowedError") {  // no autoplay without a click: ask for one
        tv.soundBlocked = true;
        $("sound-blocked").hidden = false;
      } else {
        queue.shift();
        playNext();
      }
    });
  }
  $("sound-blocked").addEventListener("click", function () {
    $("sound-blocked").hidden = true;
    playNext();
  });

  window.addEventListener("resize", layout);
  setClock(page.now);  // hall time, not this TV's own clock and zone
  tick();  // the script is deferred: the page is parsed
  drawStatus();
  connect();
})();

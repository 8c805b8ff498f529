// The treatment and falls questions only make sense when the patient was reached.
(function () {
  const part = document.getElementById("reached-part");
  if (!part) return;
  const sync = () => {
    const chosen = document.querySelector('input[name="reached"]:checked');
    part.hidden = chosen ? chosen.value !== "yes" : false;
  };
  document.querySelectorAll('input[name="reached"]').forEach((el) => el.addEventListener("change", sync));
  sync();
})();

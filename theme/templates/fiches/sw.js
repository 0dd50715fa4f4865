/* Service worker des fiches pratiques de Tous Migrants, écrit à chaque build (plugins/fiches).
   En maraude, la nuit, à la frontière, il n'y a pas de réseau : dès qu'on a ouvert les fiches en
   ligne, ce script garde sur l'appareil leurs pages, leurs PDF, le recueil, la feuille de style et
   une page « hors ligne ». Il ne garde rien d'autre du site.
   Le nom du cache porte la version du build : un nouveau build remplace l'ancien cache. */
"use strict";

// Un service worker par langue (/ar/fiches-pratiques/sw.js…), chacun son préfixe : aucun n'efface le cache d'un autre.
const PREFIXE = {{ (prefixe or "tm-fiches-")|tojson }};
const CACHE = PREFIXE + {{ version|tojson }};
// Adresses écrites relativement à ce fichier : le site marche à la racine comme dans un sous-dossier.
const ADRESSES = {{ adresses|tojson }}.map((a) => new URL(a, self.location).href);
const GARDEES = new Set(ADRESSES);
const HORS_LIGNE = new URL({{ hors_ligne|tojson }}, self.location).href;
// Réseau de montagne : au-delà de ce délai, la copie gardée plutôt qu'un écran blanc.
const PATIENCE_MS = 4000;

function remplir() {
  // cache: "reload" : la version du serveur, pas une vieille copie du cache HTTP du navigateur.
  // addAll est tout ou rien : jamais un cache à moitié rempli.
  return caches.open(CACHE).then((cache) =>
    cache.addAll(ADRESSES.map((adresse) => new Request(adresse, { cache: "reload" }))));
}

function trouver(adresse) {
  return caches.open(CACHE).then((cache) => cache.match(adresse));
}

function complet() {
  return Promise.all(ADRESSES.map(trouver)).then((reponses) => reponses.every(Boolean));
}

self.addEventListener("install", (event) => {
  // La nouvelle version prend la main dès que son cache est plein.
  event.waitUntil(remplir().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((noms) => Promise.all(
        noms.filter((nom) => nom.startsWith(PREFIXE) && nom !== CACHE).map((nom) => caches.delete(nom))))
      .then(() => self.clients.claim()),
  );
});

// La page des fiches demande « etat » (tout est-il gardé ?) ou « remplir » (le bouton) ; réponse { pret }.
self.addEventListener("message", (event) => {
  const port = event.ports[0];
  if (!port) return;
  const travail = event.data === "remplir" ? remplir().then(complet) : complet();
  event.waitUntil(travail.then(
    (pret) => port.postMessage({ pret }),
    () => port.postMessage({ pret: false }),
  ));
});

self.addEventListener("fetch", (event) => {
  const requete = event.request;
  if (requete.method !== "GET") return;
  const adresse = requete.url.split("#")[0];
  if (requete.mode === "navigate") {
    // Le navigateur ne nous confie que les navigations sous /fiches-pratiques/ (la portée du service worker).
    event.respondWith(reseauDabord(event, adresse));
  } else if (GARDEES.has(adresse)) {
    // Feuille de style (adresse versionnée), PDF, script : la copie du build courant suffit.
    event.respondWith(trouver(adresse).then((gardee) => gardee || fetch(requete)));
  }
});

// Pages (et PDF ouverts dans le navigateur) : le réseau d'abord, pour lire la dernière version ;
// sinon la copie gardée ; sinon la page « hors ligne ».
async function reseauDabord(event, adresse) {
  const reseau = fetch(event.request);
  if (GARDEES.has(adresse)) {
    // Une fiche relue en ligne remplace sa copie. Le clone est pris avant que la page lise la réponse.
    event.waitUntil(reseau.then((reponse) => {
      if (!reponse.ok) return undefined;
      const copie = reponse.clone();
      return caches.open(CACHE).then((cache) => cache.put(adresse, copie));
    }).catch(() => undefined));
  }
  const gardee = await trouver(adresse);
  if (!gardee) {
    return reseau.catch(() => trouver(HORS_LIGNE).then((page) => page || Response.error()));
  }
  const attente = new Promise((resolve) => { setTimeout(() => resolve(gardee), PATIENCE_MS); });
  return Promise.race([reseau.catch(() => gardee), attente]);
}

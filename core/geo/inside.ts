/**
 * Points and county boundaries (GeoJSON rings of [longitude, latitude]). Pure: the demo loader uses it
 * to keep a synthetic community inside its own county, whatever shape the county has.
 */

/** A closed ring of [longitude, latitude]; the first point may or may not repeat at the end. */
export type Ring = readonly (readonly [number, number])[];
/** An outer ring followed by its holes (GeoJSON Polygon coordinates). */
export type Polygon = readonly Ring[];

/** Even-odd ray casting; a point exactly on an edge may fall either way. */
export function inRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside one of the polygons (a MultiPolygon is a list of them): in its outer ring and in none of its holes. */
export function insideArea(lng: number, lat: number, polygons: readonly Polygon[]): boolean {
  return polygons.some((p) => p.length > 0 && inRing(lng, lat, p[0]) && !p.slice(1).some((hole) => inRing(lng, lat, hole)));
}

/**
 * The point itself when it lies inside the area, else the first point on the way to `anchor` (a point
 * known to be inside, e.g. the county's 中心点) that does, at tenths of the way; the anchor when none
 * does. Deterministic and draws no random numbers, so a seeded generator's sequence is unchanged.
 */
export function pullInside(point: readonly [number, number], anchor: readonly [number, number], polygons: readonly Polygon[]): [number, number] {
  for (let k = 10; k > 0; k--) {
    const t = k / 10;
    const lng = anchor[0] + (point[0] - anchor[0]) * t;
    const lat = anchor[1] + (point[1] - anchor[1]) * t;
    if (insideArea(lng, lat, polygons)) return [lng, lat];
  }
  return [anchor[0], anchor[1]];
}
